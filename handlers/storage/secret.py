"""The data folder's secret: the key of the vote keys.

A vote is stored under a keyed hash of the member's and the message's ids (see
handlers/discord_bot/feedback.py). Unkeyed, that hash could be reversed by hashing every candidate member id (a
server's member list) with the message id stored next to it; keyed with a secret that is not in the database, it
cannot be, from the database (or a backup of it) alone.

The secret is 32 random bytes in ``vote.key`` in the data folder, created on first use, readable by the bot's user
only (0600). Keep it with the database: a new secret makes the next vote of a member who already voted on an
answer count as another member's.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from pathlib import Path

log = logging.getLogger(__name__)

VOTE_KEY_FILE = "vote.key"
KEY_BYTES = 32
_KEY_SIZES = range(16, 65)  # what blake2b takes as a key (at most 64 bytes), and not too short to guess

_keys: dict[Path, bytes] = {}
_lock = threading.Lock()


def vote_key(data_dir: Path) -> bytes:
    """The data folder's vote secret, read once and created on first use.

    Never raises: when the file can neither be read nor created (a read-only folder, a damaged key), the bot keeps
    a random key for this run, logged once: votes stay one per member within the run and unlinkable to members.
    """
    path = Path(data_dir) / VOTE_KEY_FILE
    with _lock:
        key = _keys.get(path)
        if key is None:
            key = _keys[path] = _load_or_create(path)
        return key


def _load_or_create(path: Path) -> bytes:
    try:
        key = _read(path)
        if key is None:
            key = _create(path)
    except OSError as exc:
        log.error(
            "Cannot read or create the vote secret %s (%s): using a temporary one until the bot restarts. Make the"
            " data folder writable by the bot's user (BOT_DATA_DIR).",
            path,
            exc,
        )
        return secrets.token_bytes(KEY_BYTES)
    return key


def _read(path: Path) -> bytes | None:
    """The secret in ``path``, or None when there is no file yet. Raises OSError for a file that is not a key."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(key) not in _KEY_SIZES:
        raise OSError(f"{len(key)} bytes; a vote secret is {KEY_BYTES} random bytes (move the file aside)")
    return key


def _create(path: Path) -> bytes:
    """A new secret, written whole to a private temporary file and linked into place, so that no reader ever sees
    half a key and, of two processes creating it at once, both end up with the one that was linked first."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:  # another process made it first: use that one
            existing = _read(path)
            if existing is None:  # pragma: no cover - linked, then deleted, in between
                raise
            return existing
    finally:
        temporary.unlink(missing_ok=True)
    log.info("Created the vote secret %s (keep it with the database)", path)
    return key
