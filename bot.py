"""IndustryBot's command line.

python bot.py            Discord when DISCORD_TOKEN is set, else the local console
python bot.py run        the Discord bot
python bot.py console [--lang vi]    a chat in this terminal
python bot.py ask [--json] [--lang vi] TEXT...   one reply per TEXT
python bot.py check [--json]         validate settings and knowledge base
python bot.py unanswered [--days N] [--server ID] [--csv]   the curators' to-do list, every server
python bot.py stats [--days N] [--server ID]                questions, answer rate, entries to fix first
python bot.py backup FILE            a consistent copy of the database, safe while the bot runs
python bot.py forget --server ID     delete one server's records (its id, dm or console)
python bot.py link "WORDING" ENTRY_ID            teach the bot: the wording becomes one of the entry's phrasings
python bot.py dismiss "WORDING" [--server ID]    take a group of unanswered questions off the to-do list
python bot.py learned [--export FILE] [--remove WORDING]   the learned wordings: list, write as YAML, take back
python bot.py migrate-store --to postgresql://...   copy the SQLite file's records and settings into PostgreSQL

--lang en|vi (console, ask, unanswered, stats): the language of the bot's own words, instead of BOT_LANGUAGE.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
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
from handlers.i18n import LANGUAGES, Lang
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


def _settings_or_exit(lang: Lang | None = None) -> Settings:
    """The settings, with ``lang`` (--lang) in place of their language when given."""
    try:
        settings = load_settings()
    except SettingsError as exc:
        print("Invalid settings:", *exc.errors, sep="\n  ", file=sys.stderr)
        raise SystemExit(1) from None
    return settings.model_copy(update={"language": lang}) if lang else settings


def _service_or_exit(lang: Lang | None = None, *, warm: bool = False) -> Service:
    from handlers.service import Service

    settings = _settings_or_exit(lang)
    try:
        return Service.start(settings, warm=warm)
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


def cmd_ask(texts: Sequence[str], as_json: bool, lang: Lang | None = None) -> int:
    return asyncio.run(_ask(_service_or_exit(lang), texts, as_json))


async def _ask(service: Service, texts: Sequence[str], as_json: bool) -> int:
    """Each TEXT as a message addressed to the bot, recorded under the server name `console`: the texts are one
    conversation, in order (a follow-up reads the answer before it), and the console's commands work too."""
    from handlers.console import Conversation

    settings = service.settings
    async with service.session():
        conversation = Conversation(service, numbers=False)
        for i, text in enumerate(texts):
            _print_reply(await conversation.reply(text), text, i, as_json, settings.prefix, settings.language)
    return 0


def _print_reply(reply: Reply | None, text: str, i: int, as_json: bool, prefix: str, lang: Lang = "en") -> None:
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
        if reply is None:
            from handlers import i18n

            print(i18n.text("reply.silence", lang))
        else:
            print(reply.to_text(prefix))


def cmd_report(what: str, days: int, server: str | None, as_csv: bool = False, lang: Lang | None = None) -> int:
    """`unanswered` or `stats` over every server's records (or one server's), read-only."""
    from handlers import i18n
    from handlers.curation import unanswered_csv

    service = _service_or_exit(lang)
    lang = service.settings.language
    if not _on_postgres(service.settings) and _database(service.settings) is None:
        if as_csv:
            sys.stdout.write(unanswered_csv([], str, lang))  # the header: a spreadsheet still opens
        return 0

    async def report() -> int:
        async with service.session(read_only=True):
            if not service.storage_readable:
                print(f"Cannot read the records: {service.storage_problem}", file=sys.stderr)
                return 1
            scope = i18n.text("scope.server", lang, server=server) if server else i18n.text("scope.everywhere", lang)
            if what == "stats":
                out = (await service.stats_report(server, days, scope=scope, lang=lang)).to_text() + "\n"
            elif as_csv:
                groups = await service.unanswered_groups(server, days)
                out = unanswered_csv(groups, service.titles(lang), lang)
            else:
                out = (await service.unanswered_report(server, days, scope=scope, lang=lang)).to_text() + "\n"
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
    if not destination.parent.is_dir():
        print(f"Backup failed: the folder {destination.parent} does not exist; create it first.", file=sys.stderr)
        return 1
    if destination.resolve() == source.resolve():
        print("The backup must go to another file than the database itself.", file=sys.stderr)
        return 1
    connections: list[sqlite3.Connection] = []
    try:
        # The copy holds what the database holds: readable by its owner only, like the data folder.
        os.close(os.open(destination, os.O_WRONLY | os.O_CREAT, 0o600))
        os.chmod(destination, 0o600)
        connections.append(sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True))
        create_private(destination)  # what members asked: the bot's user's alone, like the database
        connections.append(sqlite3.connect(destination))
        connections[0].backup(connections[1])
        problems = [row[0] for row in connections[1].execute("PRAGMA integrity_check(5)")]
    except OSError as exc:
        print(f"Backup failed: cannot write {destination}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
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


def _curator() -> str:
    """Who links or dismisses from the command line: the host's user."""
    import getpass

    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):  # pragma: no cover - no user name in this environment
        return "command line"


def cmd_link(wording: str, entry: str) -> int:
    """Link WORDING to ENTRY: from now on one of its phrasings, here and in every running process."""
    from handlers.core.reply import Kind

    service = _service_or_exit()

    async def link() -> int:
        async with service.session():
            reply = await service.learn(wording, entry, by=_curator())
        print(reply.to_text(service.settings.prefix), file=sys.stderr if reply.kind is Kind.ERROR else sys.stdout)
        return 1 if reply.kind is Kind.ERROR else 0

    return asyncio.run(link())


def cmd_dismiss(wording: str, server: str | None) -> int:
    """Take the group asked as WORDING off the to-do list: every server's, or one server's."""
    from handlers.core.reply import Kind

    service = _service_or_exit()

    async def dismiss() -> int:
        async with service.session():
            reply = await service.dismiss(wording, server=server, by=_curator())
        if reply.kind is Kind.ERROR:
            print(reply.to_text(), file=sys.stderr)
            return 1
        where = f"server {server}'s list" if server else "every server's list"
        print(f"Dismissed “{' '.join(wording.split())}” (and questions asked like it) from {where}.")
        return 0

    return asyncio.run(dismiss())


def cmd_learned(export: str | None, remove: str | None) -> int:
    """List the learned wordings, write them as learned.yaml (``--export``), or take one back (``--remove``)."""
    from pathlib import Path

    from handlers.core.reply import Kind

    service = _service_or_exit()

    async def learned() -> int:
        async with service.session(read_only=remove is None):
            if remove is not None:
                reply = await service.unlearn(remove)
                print(reply.to_text(), file=sys.stderr if reply.kind is Kind.ERROR else sys.stdout)
                return 1 if reply.kind is Kind.ERROR else 0
            rows = await service.learned_wordings()
            problem = service.storage_problem
        if rows is None:
            if not _on_postgres(service.settings) and _database(service.settings) is None:
                rows = []  # nothing recorded yet: nothing learned either
            else:
                print(f"Cannot read the learned wordings: {problem}", file=sys.stderr)
                return 1
        if export is not None:
            text = service.export_learned(rows)
            if export == "-":
                sys.stdout.write(text)
                return 0
            Path(export).write_text(text, encoding="utf-8")
            print(f"Wrote {len(rows)} learned wording(s) to {export}.", file=sys.stderr)
            return 0
        if not rows:
            print('Nothing learned yet: link a wording with `bot.py link "WORDING" ENTRY_ID` or `!link`.')
            return 0
        for row in rows:
            title = service.entry_title(row.entry_id) or "(no longer in the base)"
            when = row.linked_at.isoformat(timespec="minutes")
            print(f"“{row.wording}” -> {row.entry_id} ({title}), linked by {row.linked_by}, {when}")
        return 0

    return asyncio.run(learned())


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


def cmd_console(lang: Lang | None = None) -> int:
    from handlers.console import run_console

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return run_console(_service_or_exit(lang, warm=True))
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
    """--days: a whole number of days, 1 to MAX_DAYS (argparse names the option when this raises)."""
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days (1 to {MAX_DAYS})") from None
    if not in_days_range(days):
        raise argparse.ArgumentTypeError(f"days must be between 1 and {MAX_DAYS}")
    return days


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        type=str.casefold,
        choices=LANGUAGES,
        help="the language of the bot's own words: en or vi (default: settings.language, BOT_LANGUAGE)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; output cut short by its reader (``bot.py unanswered | head``) ends quietly."""
    try:
        code = _main(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader left: send the rest of the output nowhere (Python would report the pipe again on exit).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: Sequence[str] | None = None) -> int:
    _load_env()
    parser = argparse.ArgumentParser(prog="bot.py", description="IndustryBot: a Discord bot on Industry 4.0/5.0.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")
    console = sub.add_parser("console", help="chat with the bot in this terminal")
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
        _lang_option(report)
    _lang_option(console)
    _lang_option(ask)
    backup = sub.add_parser("backup", help="copy the database (the bot's whole state) to FILE, safely while it runs")
    backup.add_argument("file", metavar="FILE", help="the copy to write (a folder: the file goes in it)")
    forget = sub.add_parser("forget", help="delete one server's questions and votes")
    forget.add_argument("--server", required=True, help="the server's id, or dm, or console")
    forget.add_argument("--settings", action="store_true", help="its per-server settings too")
    link = sub.add_parser("link", help="teach the bot: WORDING becomes one of the entry's phrasings, everywhere")
    link.add_argument("wording", metavar="WORDING", help="the question, as members ask it (quote it)")
    link.add_argument("entry", metavar="ENTRY_ID", help="the entry's id (or its title)")
    dismiss = sub.add_parser("dismiss", help="take the group of unanswered questions asked as WORDING off the list")
    dismiss.add_argument("wording", metavar="WORDING")
    dismiss.add_argument("--server", help="only from this server's list (default: every server's)")
    learned = sub.add_parser("learned", help="the wordings curators linked to entries")
    learned.add_argument(
        "--export", metavar="FILE", help="write them as YAML (e.g. knowledge/learned.yaml; - for stdout)"
    )
    learned.add_argument("--remove", metavar="WORDING", help="take one back")
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
        return cmd_ask(args.texts, args.json, args.lang)
    if args.command == "forget":
        return cmd_forget(args.server, args.settings)
    if args.command == "backup":
        return cmd_backup(args.file)
    if args.command == "link":
        return cmd_link(args.wording, args.entry)
    if args.command == "dismiss":
        return cmd_dismiss(args.wording, args.server)
    if args.command == "learned":
        return cmd_learned(args.export, args.remove)
    if args.command in ("unanswered", "stats"):
        return cmd_report(args.command, args.days, args.server, getattr(args, "csv", False), args.lang)
    if args.command == "console":
        return cmd_console(args.lang)
    if args.command == "run":
        return cmd_run()
    # No subcommand: Discord with a token, the console without.
    return cmd_run() if _settings_or_exit().token else cmd_console()


if __name__ == "__main__":
    sys.exit(main())
