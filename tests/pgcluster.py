"""A throwaway PostgreSQL cluster for the tests and `make bench`: a temporary folder, a free port on 127.0.0.1.

``initdb`` refuses to run as root, so when this runs as root the server runs as the ``postgres`` user (through
``runuser``), in a folder handed to that user. ``find_postgres()`` says why there is no cluster when the binaries
(or that user) are missing: the callers skip with that reason.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

USER = "postgres"  # the superuser of the throwaway cluster (and, as root, the system user that runs it)
# Fast and throwaway: nothing survives a crash, which a test cluster never needs to.
FAST = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


def find_postgres() -> tuple[Path | None, str]:
    """(the folder of initdb and pg_ctl, "") or (None, why there is none)."""
    candidates: list[Path] = []
    if pg_config := shutil.which("pg_config"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True)
            candidates.append(Path(out.stdout.strip()))
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).parent)
    bindir = next((c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None)
    if bindir is None:
        return None, "PostgreSQL is not installed (no initdb / pg_ctl; pg_config --bindir names their folder)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(USER)
        except KeyError:
            return None, f"running as root, and initdb refuses root: it needs a {USER!r} user to run as"
        if shutil.which("runuser") is None:
            return None, "running as root without runuser: cannot start PostgreSQL as another user"
    return bindir, ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    """A running throwaway cluster. ``url`` is its ``postgres`` database; ``new_database`` makes another."""

    bindir: Path
    folder: Path
    port: int
    _names: Iterator[int] = field(default_factory=itertools.count)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url_of(self, database: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    @property
    def url(self) -> str:
        return self.url_of("postgres")

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL with psql (as the cluster's superuser, over TCP); returns its unaligned output."""
        out = subprocess.run(
            [str(self.bindir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url_of(database)],
            input=sql,
            capture_output=True,
            text=True,
            timeout=30,
        )
        if out.returncode:
            raise RuntimeError(f"psql failed: {out.stderr.strip()}")
        return out.stdout.strip()

    def new_database(self, prefix: str = "t") -> str:
        """A new empty database; its URL."""
        name = f"{prefix}_{next(self._names)}"
        self.psql(f"CREATE DATABASE {name} TEMPLATE template0")
        return self.url_of(name)

    def stop(self) -> None:
        _run_as_postgres([str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.folder, ignore_errors=True)


def _run_as_postgres(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        command = ["runuser", "-u", USER, "--", *command]
    return subprocess.run(
        command, cwd=cwd or tempfile.gettempdir(), capture_output=True, text=True, timeout=120, check=False
    )


def start_cluster(bindir: Path, *, durable: bool = False) -> Cluster:
    """initdb and start a cluster in a new folder under /tmp (short: it also holds the socket).

    ``durable`` keeps PostgreSQL's default fsync and synchronous commit (for the benchmark's honest figures).
    """
    folder = Path(tempfile.mkdtemp(prefix="ibpg-"))
    folder.chmod(0o700)
    if os.geteuid() == 0:
        entry = pwd.getpwnam(USER)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    cluster = Cluster(bindir, folder, free_port())
    init = _run_as_postgres(
        [str(bindir / "initdb"), "-D", str(cluster.data), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C"]
        + ([] if durable else ["--no-sync"]),
        cwd=folder,
    )
    if init.returncode:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")
    options = ["-p", str(cluster.port), "-k", str(folder), "-c", "listen_addresses=127.0.0.1"]
    options += ["-c", "max_connections=200"] + ([] if durable else list(FAST))
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(cluster.data), "-l", str(folder / "log"), "-w"]
    started = _run_as_postgres([*pg_ctl, "-o", " ".join(options), "start"], cwd=folder)
    if started.returncode:
        log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()} {log[-2000:]}")
    return cluster


@contextlib.contextmanager
def throwaway_cluster(*, durable: bool = False) -> Iterator[Cluster]:
    """A cluster for the duration of the block; raises RuntimeError when PostgreSQL is absent or fails."""
    bindir, reason = find_postgres()
    if bindir is None:
        raise RuntimeError(reason)
    cluster = start_cluster(bindir, durable=durable)
    try:
        yield cluster
    finally:
        cluster.stop()
