"""IndustryBot's command line.

python bot.py            Discord when DISCORD_TOKEN is set, else the local console
python bot.py run        the Discord bot
python bot.py console    a chat in this terminal
python bot.py ask [--json] TEXT...   one reply per TEXT
python bot.py check [--json]         validate settings and knowledge base
python bot.py unanswered [--days N] [--server ID] [--csv]   the curators' to-do list, every server
python bot.py stats [--days N] [--server ID]                questions, answer rate, entries to fix first
python bot.py backup FILE            a consistent copy of the database, safe while the bot runs
python bot.py forget --server ID     delete one server's records (its id, dm or console)
python bot.py migrate-store --to postgresql://...   copy the SQLite file's records and settings into PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from config import (
    DEFAULT_DAYS,
    MAX_DAYS,
    ROOT,
    Settings,
    SettingsError,
    in_days_range,
    load_settings,
    procfile_shard_problems,
    shard_problems,
)
from knowledge import KnowledgeError, load_knowledge

if TYPE_CHECKING:  # imported where used, to keep `bot.py check` and the console quick to start
    from pathlib import Path

    from handlers.core.reply import Reply
    from handlers.service import Service


def _load_env() -> None:
    try:
        from dotenv import load_dotenv
    except ImportError:  # pragma: no cover - python-dotenv is a pinned dependency
        return
    load_dotenv(override=False)


def _settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        print("Invalid settings:", *exc.errors, sep="\n  ", file=sys.stderr)
        raise SystemExit(1) from None


def _service_or_exit() -> Service:
    from handlers.service import Service

    settings = _settings_or_exit()
    try:
        return Service.start(settings)
    except KnowledgeError as exc:
        print("The knowledge base has errors:", *exc.errors, sep="\n  ", file=sys.stderr)
        print("Fix them, or run `python bot.py check` for the full list.", file=sys.stderr)
        raise SystemExit(1) from None


def cmd_check(as_json: bool, procfile: str | None = None) -> int:
    errors: list[str] = []
    settings = None
    try:
        settings = load_settings()
    except SettingsError as exc:
        errors += [f"settings: {e}" for e in exc.errors]
    if settings is not None:
        errors += [f"settings: {e}" for e in shard_problems(settings)]
    errors += _procfile_problems(procfile)
    folder = settings.knowledge_path if settings else None
    knowledge = None
    try:
        knowledge = load_knowledge(folder)
    except KnowledgeError as exc:
        errors += exc.errors
    if errors:
        print(f"check failed: {len(errors)} error(s)", file=sys.stderr)
        for error in errors:
            print(error, file=sys.stderr)
        return 1
    assert knowledge is not None and settings is not None
    if as_json:
        json.dump(knowledge.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    counts = knowledge.counts()
    print(f"settings: ok (prefix {settings.prefix!r}, knowledge {settings.knowledge_dir})")
    print(f"store: {_store_name(settings)}")
    print(f"knowledge: ok ({sum(counts.values())} entries)")
    for kind, n in counts.items():
        print(f"  {kind:<12} {n}")
    return 0


def _procfile_problems(procfile: str | None) -> list[str]:
    """The shard slices of the Procfile's workers (the project's own, or ``procfile``), checked together."""
    from pathlib import Path

    path = Path(procfile) if procfile else ROOT / "Procfile"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return [f"{path}: cannot be read: {exc}"] if procfile else []
    return procfile_shard_problems(text, path.name)


def _store_name(settings: Settings) -> str:
    from handlers.storage import is_postgres_url, redact

    if is_postgres_url(settings.database_url):
        return f"PostgreSQL, {redact(settings.database_url or '')}"
    from handlers.storage import database_path

    return f"SQLite, {database_path(settings.data_path)}"


def cmd_ask(texts: Sequence[str], as_json: bool) -> int:
    return asyncio.run(_ask(_service_or_exit(), texts, as_json))


async def _ask(service: Service, texts: Sequence[str], as_json: bool) -> int:
    """Each TEXT as a message addressed to the bot, recorded under the server name `console`."""
    async with service.session():
        for i, text in enumerate(texts):
            _print_reply(await service.handle(text, addressed=True), text, i, as_json, service.settings.prefix)
    return 0


def _print_reply(reply: Reply | None, text: str, i: int, as_json: bool, prefix: str) -> None:
    if as_json:
        if reply is None:
            line = {"query": text, "answered": False, "kind": None, "id": None, "text": "", "score": None,
                    "source": None, "suggestions": []}  # fmt: skip
        else:
            line = reply.to_json(text, prefix)
        print(json.dumps(line, ensure_ascii=False))
    else:
        if i:
            print()
        print(reply.to_text(prefix) if reply else "(no answer)")


def cmd_report(what: str, days: int, server: str | None, as_csv: bool = False) -> int:
    """`unanswered` or `stats` over every server's records (or one server's), read-only."""
    from handlers.curation import unanswered_csv

    service = _service_or_exit()
    if not _on_postgres(service.settings) and _database(service.settings) is None:
        if as_csv:
            sys.stdout.write(unanswered_csv([], str))  # the header: a spreadsheet still opens
        return 0

    async def report() -> int:
        async with service.session(read_only=True):
            if not service.storage_readable:
                print(f"Cannot read the records: {service.storage_problem}", file=sys.stderr)
                return 1
            scope = f"in server {server}" if server else "in every server"
            if what == "stats":
                out = (await service.stats_report(server, days, scope=scope)).to_text() + "\n"
            elif as_csv:
                out = unanswered_csv(await service.unanswered_groups(server, days), service.title_of)
            else:
                out = (await service.unanswered_report(server, days, scope=scope)).to_text() + "\n"
            if not service.storage_readable:  # the read failed (a damaged file): its empty answer is not the records
                print(f"Cannot read the records: {service.storage_problem}", file=sys.stderr)
                return 1
            sys.stdout.write(out)
            return 0

    return asyncio.run(report())


def cmd_backup(target: str) -> int:
    """Copy the database with SQLite's online backup: consistent even while the bot is writing."""
    import sqlite3
    from pathlib import Path

    from handlers.storage.sqlite import create_private

    settings = _settings_or_exit()
    if _on_postgres(settings):
        print(
            "The store is PostgreSQL (DATABASE_URL): back it up with PostgreSQL's own tool, pg_dump, e.g.\n"
            '  pg_dump --format=custom --file=industrybot.dump "$DATABASE_URL"\n'
            'and restore with pg_restore --clean --dbname="$DATABASE_URL" industrybot.dump (see the README).',
            file=sys.stderr,
        )
        return 1
    source = _database(settings)
    if source is None:
        return 1
    destination = Path(target)
    if destination.is_dir():
        destination = destination / source.name
    if destination.resolve() == source.resolve():
        print("The backup must go to another file than the database itself.", file=sys.stderr)
        return 1
    connections: list[sqlite3.Connection] = []
    try:
        connections.append(sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True))
        create_private(destination)  # what members asked: the bot's user's alone, like the database
        connections.append(sqlite3.connect(destination))
        connections[0].backup(connections[1])
        problems = [row[0] for row in connections[1].execute("PRAGMA integrity_check(5)")]
    except (sqlite3.Error, OSError) as exc:
        print(f"Backup failed: {exc}", file=sys.stderr)
        return 1
    finally:
        for connection in connections:
            connection.close()
    if problems != ["ok"]:  # the backup copies pages as they are: a damaged database gives a damaged copy
        destination.unlink(missing_ok=True)
        print(
            f"Backup failed: the copy of {source} fails SQLite's integrity check, so the database is damaged:",
            file=sys.stderr,
        )
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        print(
            "The copy was deleted. Stop the bot and restore an earlier backup, or move the database aside.",
            file=sys.stderr,
        )
        return 1
    print(f"Backed up {source} to {destination} (integrity check: ok).")
    return 0


def cmd_forget(server: str, settings: bool) -> int:
    """Delete one server's questions and votes (and, with --settings, its settings): what `!forget` does, for
    servers where nobody can run it (DMs, the console, a server the bot has left)."""
    service = _service_or_exit()
    if not _on_postgres(service.settings) and _database(service.settings) is None:
        return 0

    async def forget() -> int:
        async with service.session():
            gone = await service.forget(server, settings=settings)
            problem = service.storage_problem
        if gone is None:
            print(f"Cannot delete the records: {problem}", file=sys.stderr)
            return 1
        extra = f" and {gone.settings} setting(s)" if settings else ""
        print(f"Deleted {gone.questions} question(s), {gone.votes} vote(s){extra} of server {server}.")
        return 0

    return asyncio.run(forget())


def cmd_migrate_store(to: str | None, source: str | None) -> int:
    """Copy the SQLite file's questions, votes and settings into PostgreSQL; a second run copies nothing twice."""
    from pathlib import Path

    from handlers.storage import database_path, is_postgres_url, redact

    settings = _settings_or_exit()
    url = to or settings.database_url
    if not is_postgres_url(url):
        print(
            "migrate-store needs --to postgresql://user:password@host:5432/database (or DATABASE_URL).", file=sys.stderr
        )
        return 2
    assert url is not None
    from handlers.storage.transfer import CopyError, copy_sqlite

    path = Path(source) if source else database_path(settings.data_path)
    try:
        copied = asyncio.run(copy_sqlite(path, url))
    except CopyError as exc:
        print(f"Nothing copied: {exc}", file=sys.stderr)
        return 1
    questions, votes, kept = copied.read
    print(
        f"Copied {copied.questions} question(s), {copied.votes} vote(s) and {copied.settings} setting(s) from {path} "
        f"to {redact(url)} (of {questions}, {votes} and {kept} in the file; the others were there already)."
    )
    if settings.database_url != url:
        print("To use it, set DATABASE_URL to that URL (in .env or the host's settings) and restart the bot.")
    return 0


def _on_postgres(settings: Settings) -> bool:
    from handlers.storage import is_postgres_url

    return is_postgres_url(settings.database_url)


def _database(settings: Settings) -> Path | None:
    """The database file, or None (saying so) when nothing has been recorded yet."""
    from handlers.storage import database_path

    path = database_path(settings.data_path)
    if path.exists():
        return path
    print(f"Nothing recorded yet: there is no database at {path}.", file=sys.stderr)
    return None


def cmd_console() -> int:
    from handlers.console import run_console

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return run_console(_service_or_exit())
    except KeyboardInterrupt:
        print()
        return 0


def cmd_run() -> int:
    from handlers.discord_bot.runner import run_discord

    settings = _settings_or_exit()
    if not settings.token:
        print("DISCORD_TOKEN is not set: put it in .env (see .env.example), or try `python bot.py console`.")
        return 1
    return run_discord(settings)


def _days(text: str) -> int:
    days = int(text)
    if not in_days_range(days):
        raise argparse.ArgumentTypeError(f"days must be between 1 and {MAX_DAYS}")
    return days


def main(argv: Sequence[str] | None = None) -> int:
    _load_env()
    parser = argparse.ArgumentParser(prog="bot.py", description="IndustryBot: a Discord bot on Industry 4.0/5.0.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    sub.add_parser("console", help="chat with the bot in this terminal")
    ask = sub.add_parser("ask", help="one reply per TEXT, as if addressed to the bot")
    ask.add_argument("--json", action="store_true", help="one JSON object a line")
    ask.add_argument("texts", nargs="+", metavar="TEXT")
    check = sub.add_parser("check", help="validate the settings, the shard slices and the knowledge base")
    check.add_argument("--json", action="store_true", help="print the validated base as JSON")
    check.add_argument("--procfile", metavar="FILE", help="check this Procfile's shard slices (default: ./Procfile)")
    reports = {
        "unanswered": "unanswered questions, similar ones grouped, most asked first",
        "stats": "questions asked, answer rate, most used entries, most 'not helpful' votes",
    }
    for name, text in reports.items():
        report = sub.add_parser(name, help=text)
        report.add_argument(
            "--days", type=_days, default=DEFAULT_DAYS, help=f"how far back to look (default {DEFAULT_DAYS})"
        )
        report.add_argument("--server", help="one server's records: its id, or console, or dm")
        if name == "unanswered":
            report.add_argument("--csv", action="store_true", help="CSV, one group a row")
    backup = sub.add_parser("backup", help="copy the database (the bot's whole state) to FILE, safely while it runs")
    backup.add_argument("file", metavar="FILE", help="the copy to write (a folder: the file goes in it)")
    forget = sub.add_parser("forget", help="delete one server's questions and votes")
    forget.add_argument("--server", required=True, help="the server's id, or dm, or console")
    forget.add_argument("--settings", action="store_true", help="its per-server settings too")
    migrate = sub.add_parser("migrate-store", help="copy the SQLite file's records and settings into PostgreSQL")
    migrate.add_argument(
        "--to", metavar="URL", help="postgresql://user:password@host:5432/database (default: DATABASE_URL)"
    )
    migrate.add_argument("--from", dest="source", metavar="FILE", help="the SQLite file (default: the data folder's)")
    args = parser.parse_args(argv)

    if args.command == "check":
        return cmd_check(args.json, args.procfile)
    if args.command == "migrate-store":
        return cmd_migrate_store(args.to, args.source)
    if args.command == "ask":
        return cmd_ask(args.texts, args.json)
    if args.command == "forget":
        return cmd_forget(args.server, args.settings)
    if args.command == "backup":
        return cmd_backup(args.file)
    if args.command in ("unanswered", "stats"):
        return cmd_report(args.command, args.days, args.server, getattr(args, "csv", False))
    if args.command == "console":
        return cmd_console()
    if args.command == "run":
        return cmd_run()
    # No subcommand: Discord with a token, the console without.
    return cmd_run() if _settings_or_exit().token else cmd_console()


if __name__ == "__main__":
    sys.exit(main())
