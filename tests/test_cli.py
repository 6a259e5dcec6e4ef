"""The command line, run as a member would: `bot.py check`, `check --json`, `ask`, and the console."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handlers.storage import QuestionRecord, Vote, utcnow
from handlers.storage.sqlite import SQLiteStore
from tests.conftest import ROOT
from tests.pgcluster import free_port


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, **(env or {})},
    )


def test_check_prints_counts_per_kind():
    out = run("check")
    assert out.returncode == 0, out.stderr
    assert "knowledge: ok" in out.stdout
    for kind in ("sources", "facts", "quotes", "policies", "comparisons"):
        assert kind in out.stdout


def test_check_json_prints_the_whole_base():
    out = run("check", "--json")
    data = json.loads(out.stdout)
    assert set(data) >= {"sources", "facts", "quotes", "policies", "comparisons"}
    assert len(data["facts"]) >= 80
    assert {"id", "text", "source", "questions"} <= set(data["facts"][0])
    assert {"speaker", "role", "kind", "text", "source"} <= set(data["quotes"][0])


def test_check_lists_every_error_and_exits_1(tmp_path):
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "sources.yaml").write_text("sources:\n  - id: a\n    title: T\n    author: A\n    file: x.txt\n")
    (folder / "facts.yaml").write_text(
        "facts:\n  - id: one\n    source: nope\n  - id: two\n    text: B\n    source: b\n"
    )
    out = run("check", env={"KNOWLEDGE_DIR": str(folder)})
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "facts.yaml:2: facts[0].text: required field is missing" in out.stderr
    assert "facts.yaml:6: facts[1].source: unknown source 'b' (known: a)" in out.stderr


def test_check_reports_bad_settings_from_the_environment():
    out = run("check", env={"LOG_LEVEL": "LOUD"})
    assert out.returncode == 1 and "log_level" in out.stderr


def test_ask_json_one_line_per_text_in_order():
    texts = ["!compare 4.0 5.0", "what is resolution 57", "lol", "!polcy"]
    out = run("ask", "--json", *texts)
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["query"] for line in lines] == texts
    for line in lines:
        assert {"query", "answered", "kind", "id", "text", "score", "source", "suggestions"} <= set(line)
    compare, resolution, chatter, typo = lines
    assert compare["answered"] and compare["kind"] == "comparison" and compare["id"] == "industry-4-0-vs-5-0"
    assert resolution["answered"] and resolution["id"] == "resolution-57"
    assert "Source: Innovation in Industry" in resolution["text"]
    assert resolution["source"] == "innovation-resolution-57"
    assert not chatter["answered"] and chatter["kind"] == "info" and "!help" in chatter["text"]
    assert not typo["answered"] and typo["suggestions"] == ["!policy"]


def test_ask_plain_text():
    out = run("ask", "!policy nq57")
    assert out.returncode == 0 and out.stdout.startswith("Resolution 57")


@pytest.mark.parametrize("exit_word", ["exit", None])
def test_console_reads_one_message_a_line(exit_word):
    lines = ["!compare 4.0 5.0", "lol", "cobots on assembly lines?", "what is resolution 57"]
    lines += [exit_word, "!about"] if exit_word else []
    out = run("console", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    assert "Industry 4.0 vs Industry 5.0" in out.stdout
    assert "IndustryBot here" in out.stdout  # chatter gets a friendly pointer to help
    assert "I don't know that." in out.stdout  # the console is addressed: it says so
    assert "Resolution 57" in out.stdout
    assert "About IndustryBot" not in out.stdout  # nothing after `exit`


def test_make_run_without_token_is_the_console():
    out = run(stdin="!sources\n")
    assert out.returncode == 0 and "Sources (4)" in out.stdout


def test_run_without_token_explains():
    out = run("run")
    assert out.returncode == 1 and "DISCORD_TOKEN is not set" in out.stdout


# ----- the curators' records from the command line -------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request, data_dir) -> dict[str, str]:
    """The environment that picks the engine: SQLite in the data folder, or a fresh PostgreSQL database."""
    return {} if request.param == "sqlite" else {"DATABASE_URL": request.getfixturevalue("pg_url")}


def test_an_unanswerable_question_asked_with_ask_is_listed_by_unanswered_csv(data_dir, store_env):
    question = "how many robots per worker does vietnam have?"
    asked = run("ask", question, "what is resolution 57?", env=store_env)
    assert asked.returncode == 0, asked.stderr
    out = run("unanswered", "--csv", env=store_env)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["count"], r["question"], r["servers"]) for r in rows] == [("1", question, "console")]
    assert rows[0]["nearest_id"] and float(rows[0]["best_score"]) < 0.65
    assert (data_dir / "industrybot.sqlite3").exists() == (not store_env)  # PostgreSQL: no file at all
    stats = run("stats", env=store_env).stdout
    assert "2 questions in every server in the last 30 days: 1 answered (50%)" in stats


def test_unanswered_groups_similar_wordings_and_stats_counts_every_question():
    run("ask", "what is the minimum wage in vietnam", "whats the minimum wage in vietnam?", "what is resolution 57?")
    text = run("unanswered").stdout
    assert "2 questions in every server" in text and "**" not in text
    assert "2× “" in text and "(+1 similar wording)" in text
    stats = run("stats").stdout
    assert "3 questions in every server in the last 30 days: 1 answered (33%)" in stats
    assert "1× Resolution 57 (`resolution-57`)" in stats and "console: 3 asked, 1 answered" in stats


def test_reports_before_anything_was_recorded_say_so():
    out = run("unanswered")
    assert out.returncode == 0 and "Nothing recorded yet" in out.stderr
    assert run("unanswered", "--csv").stdout.startswith("count,question,")
    assert run("stats", "--days", "0").returncode == 2  # argparse: days must be 1..3650


def test_a_corrupt_database_is_reported_not_a_traceback(data_dir):
    (data_dir / "industrybot.sqlite3").write_bytes(b"this is not a database" * 50)
    out = run("stats")
    assert out.returncode == 1 and "Cannot read the records" in out.stderr and "damaged" in out.stderr
    assert "Traceback" not in out.stderr
    asked = run("ask", "what is resolution 57?")  # the bot still answers, without recording
    assert asked.returncode == 0 and "Resolution 57" in asked.stdout
    assert "damaged" in asked.stderr and "Traceback" not in asked.stderr


def test_backup_copies_the_whole_state(data_dir, tmp_path):
    run("ask", "how many robots per worker does vietnam have?")
    copy = tmp_path / "backup.sqlite3"
    out = run("backup", str(copy))
    assert out.returncode == 0, out.stderr
    restored = run("unanswered", "--csv", env={"BOT_DATA_DIR": str(tmp_path / "restored")})
    assert "Nothing recorded yet" in restored.stderr
    (tmp_path / "restored").mkdir()
    copy.rename(tmp_path / "restored" / "industrybot.sqlite3")
    restored = run("unanswered", "--csv", env={"BOT_DATA_DIR": str(tmp_path / "restored")})
    assert "how many robots per worker does vietnam have?" in restored.stdout
    assert run("backup", str(data_dir / "industrybot.sqlite3")).returncode == 1  # not onto itself


def test_forget_deletes_one_servers_records_from_the_command_line():
    run("ask", "how many robots per worker does vietnam have?")
    assert "Nothing recorded yet" not in run("unanswered").stderr
    out = run("forget", "--server", "dm")
    assert out.returncode == 0 and "Deleted 0 question(s), 0 vote(s) of server dm." in out.stdout
    out = run("forget", "--server", "console")
    assert out.returncode == 0 and "Deleted 1 question(s), 0 vote(s) of server console." in out.stdout
    assert "Nothing went unanswered" in run("unanswered").stdout


# ----- PostgreSQL, shards ------------------------------------------------------------------------------------

PG_WITH_PASSWORD = "postgresql://bot:s3cret-pw@db.example:5432/industrybot"


def sqlite_file_with_records(data_dir: Path) -> Path:
    """The data folder's SQLite file with two identical answered questions (the same second), one unanswered,
    a vote and a setting: what a bot that ran on SQLite leaves."""
    path = data_dir / "industrybot.sqlite3"
    at = utcnow() - dt.timedelta(hours=1)

    async def fill() -> None:
        store = await SQLiteStore.open(path)
        try:
            for text in (None, None, "how many robots per worker does vietnam have?"):
                await store.add_question(
                    QuestionRecord("42", "7", text is None, True, "resolution-57", 0.9, text, asked_at=at)
                )
            await store.set_vote(Vote("42", "7", "m1", "voter", "resolution-57", False, voted_at=at))
            await store.put_setting("42", "prefix", "?")
        finally:
            await store.close()

    asyncio.run(fill())
    return path


def test_migrate_store_copies_records_and_settings_once(data_dir, pg_url):
    sqlite_file_with_records(data_dir)
    first = run("migrate-store", "--to", pg_url)
    assert first.returncode == 0, first.stderr
    assert "Copied 3 question(s), 1 vote(s) and 1 setting(s)" in first.stdout
    assert "set DATABASE_URL" in first.stdout
    again = run("migrate-store", "--to", pg_url)
    assert again.returncode == 0 and "Copied 0 question(s), 0 vote(s) and 0 setting(s)" in again.stdout
    assert "(of 3, 1 and 1 in the file" in again.stdout

    run("ask", "what is the minimum wage in vietnam")  # the bot still on SQLite meanwhile: one more record
    last = run("migrate-store", env={"DATABASE_URL": pg_url})  # --to defaults to DATABASE_URL
    assert "Copied 1 question(s), 0 vote(s) and 0 setting(s)" in last.stdout, last.stderr
    assert "set DATABASE_URL" not in last.stdout

    stats = run("stats", env={"DATABASE_URL": pg_url}).stdout
    assert "4 questions in every server" in stats and "42: 3 asked, 2 answered" in stats
    rows = list(csv.DictReader(io.StringIO(run("unanswered", "--csv", env={"DATABASE_URL": pg_url}).stdout)))
    assert sorted(r["question"] for r in rows) == [
        "how many robots per worker does vietnam have?",
        "what is the minimum wage in vietnam",
    ]


def test_migrate_store_explains_what_is_missing(data_dir, tmp_path):
    assert "needs --to postgresql://" in run("migrate-store").stderr
    out = run("migrate-store", "--to", "postgresql://bot@127.0.0.1:1/x", "--from", str(tmp_path / "none.sqlite3"))
    assert out.returncode == 1 and "Nothing copied: there is no SQLite database" in out.stderr


def test_backup_on_postgresql_says_to_use_pg_dump(tmp_path):
    out = run("backup", str(tmp_path / "copy"), env={"DATABASE_URL": PG_WITH_PASSWORD})
    assert out.returncode == 1 and "pg_dump" in out.stderr and "pg_restore" in out.stderr
    assert not (tmp_path / "copy").exists() and "s3cret" not in out.stderr


def test_an_unreachable_postgresql_still_answers():
    free_url = f"postgresql://bot:s3cret-pw@127.0.0.1:{free_port()}/x"  # nothing listens there
    asked = run("ask", "what is resolution 57?", env={"DATABASE_URL": free_url})
    assert asked.returncode == 0 and "Resolution 57" in asked.stdout
    assert "cannot reach" in asked.stderr and "Traceback" not in asked.stderr and "s3cret" not in asked.stderr
    out = run("unanswered", env={"DATABASE_URL": free_url})
    assert out.returncode == 1 and "Cannot read the records" in out.stderr


def test_reports_on_a_new_postgresql_database_say_nothing_is_recorded(pg_url):
    out = run("unanswered", "--csv", env={"DATABASE_URL": pg_url})
    assert out.returncode == 1 and "nothing has been recorded" in out.stderr


def test_check_names_the_store_without_its_password():
    out = run("check", env={"DATABASE_URL": PG_WITH_PASSWORD})
    assert out.returncode == 0, out.stderr
    assert "store: PostgreSQL, postgresql://bot@db.example:5432/industrybot" in out.stdout
    assert "s3cret" not in out.stdout + out.stderr
    assert "store: SQLite" in run("check").stdout
    bad = run("check", env={"DATABASE_URL": "mysql://bot@db.example/industrybot"})
    assert bad.returncode == 1 and "database_url: Value error, expected a PostgreSQL URL" in bad.stderr


@pytest.mark.parametrize(
    ("env", "error"),
    [
        ({"SHARD_IDS": "0,1"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "1,2"}, "SHARD_IDS: 2 not among SHARD_COUNT=2's shards, 0 to 1"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "1,1"}, "names a shard twice"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "2,3"}, None),
    ],
)
def test_check_validates_this_processs_shard_slice(env, error):
    out = run("check", env=env)
    if error is None:
        assert out.returncode == 0, out.stderr
    else:
        assert out.returncode == 1 and error in out.stderr


def test_check_validates_the_procfiles_shard_slices_together(tmp_path):
    procfile = tmp_path / "Procfile"
    first = "shards01: SHARD_COUNT=4 SHARD_IDS=0,1 python bot.py run\n"
    procfile.write_text(first + "shards23: SHARD_COUNT=4 SHARD_IDS=2,3 python bot.py run\n")
    assert run("check", "--procfile", str(procfile)).returncode == 0
    procfile.write_text(first + "shards12: SHARD_COUNT=4 SHARD_IDS=1,2 python bot.py run\n")
    out = run("check", "--procfile", str(procfile))
    assert out.returncode == 1
    assert "Procfile:2 (shards12): shard 1 is run by Procfile:1 (shards01) as well" in out.stderr
    assert "Procfile: no worker runs shard(s) 3 of SHARD_COUNT=4" in out.stderr


def imported_by(*argv: str, env: dict[str, str]) -> set[str]:
    """The modules a `bot.py` command imports, in a fresh process."""
    code = (
        "import runpy, sys\n"
        f"sys.argv = ['bot.py', *{list(argv)!r}]\n"
        "try:\n    runpy.run_path('bot.py', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, check=True)
    return set(out.stderr.split())


def test_ask_and_check_start_lean_and_a_second_ask_loads_the_saved_index(data_dir):
    """No Discord for `ask` or `check`, no PostgreSQL driver without a PostgreSQL URL, no SQLite driver for
    `check`; the index is saved by the second `ask` (the first makes the data folder)."""
    env = {**os.environ, "BOT_DATA_DIR": str(data_dir), "DATABASE_URL": ""}
    for _ in range(2):
        run("ask", "what is industry 5.0", env=env)
    assert (data_dir / "index.npz").is_file()
    asked = imported_by("ask", "what is industry 5.0", env=env)
    assert "discord" not in asked and "asyncpg" not in asked
    assert "aiosqlite" in asked  # `ask` records the question
    checked = imported_by("check", env=env)
    assert "discord" not in checked and "asyncpg" not in checked and "aiosqlite" not in checked


# ----- Vietnamese: --lang vi, BOT_LANGUAGE=vi ------------------------------------------------------------------------


def test_ask_with_lang_vi_speaks_vietnamese_around_the_english_answer():
    out = run("ask", "--lang", "vi", "what is resolution 57", "how do cobots handle assembly lines on mars", "!help")
    assert out.returncode == 0, out.stderr
    answer, _, rest = out.stdout.partition("Mình chưa biết câu này.")
    assert answer.startswith("Resolution 57\n\nResolution 57 puts innovation")  # the entry's own words
    assert "Các điểm chính:" in answer and "Nguồn: Innovation in Industry" in answer
    unknown, _, help_ = rest.partition("Các lệnh của IndustryBot")
    assert "Bạn thử `!help`" in unknown
    assert "!policy [tên]:" in help_ and "Ví dụ: `!compare 4.0 5.0`" in help_
    assert "Key points" not in out.stdout and "Example:" not in out.stdout


def test_ask_json_with_bot_language_vi_keeps_the_same_answers():
    texts = ["what is resolution 57", "how do cobots handle assembly lines on mars"]
    english = [json.loads(line) for line in run("ask", "--json", *texts).stdout.splitlines()]
    vietnamese = [
        json.loads(line) for line in run("ask", "--json", *texts, env={"BOT_LANGUAGE": "vi"}).stdout.splitlines()
    ]
    assert [(v["answered"], v["id"], v["source"]) for v in vietnamese] == [
        (e["answered"], e["id"], e["source"]) for e in english
    ]
    assert vietnamese[1]["title"] == "Mình chưa biết câu này." and english[1]["title"] == "I don't know that."
    assert json.loads(run("ask", "--json", "--lang", "en", texts[1], env={"BOT_LANGUAGE": "vi"}).stdout)["title"] == (
        "I don't know that."
    )  # --lang wins over BOT_LANGUAGE


def test_the_console_with_lang_vi():
    out = run("console", "--lang", "vi", stdin="!about\nhi\n\n!nothing\nexit\n")
    assert out.returncode == 0, out.stderr
    assert "Giới thiệu IndustryBot" in out.stdout and "IndustryBot đây" in out.stdout
    assert "Dữ kiện" in out.stdout  # the about card's counts
    assert "Không có lệnh này" in out.stdout


def test_an_unknown_language_is_refused():
    out = run("ask", "--lang", "fr", "hello")
    assert out.returncode == 2 and "invalid choice: 'fr'" in out.stderr
    out = run("ask", "hello", env={"BOT_LANGUAGE": "klingon"})
    assert out.returncode == 1 and "language" in out.stderr


def test_unanswered_csv_with_lang_vi_has_vietnamese_headers(data_dir):
    run("ask", "how do cobots handle assembly lines on mars")
    out = run("unanswered", "--csv", "--lang", "vi")
    assert out.returncode == 0, out.stderr
    header, *rows = list(csv.reader(io.StringIO(out.stdout)))
    assert header[:3] == ["số_lần", "câu_hỏi", "cách_hỏi_khác"] and rows and rows[0][1].startswith("how do cobots")
    report = run("unanswered", "--lang", "vi")
    assert report.stdout.startswith("Câu hỏi chưa được trả lời") and "trên mọi máy chủ" in report.stdout


# ----- a conversation, and the rough edges of the command line -------------------------------------------------


def test_ask_texts_are_one_conversation():
    out = run("ask", "--json", "what is industry 5.0", "and 4.0?", "who said that?", "lol", "source?")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert lines[0]["id"] == "industry-5-0-definition"
    assert lines[1]["answered"] and "4.0" in lines[1]["title"]
    assert lines[2]["title"].startswith("Who said it:")
    assert lines[3]["title"] == "IndustryBot here"
    assert lines[4]["title"].startswith("Source of")


def test_ask_runs_the_console_commands():
    out = run("ask", "!reload", "!config")
    assert out.returncode == 0, out.stderr
    assert "Knowledge reloaded" in out.stdout and "!config works in Discord" in out.stdout
    assert "no command" not in out.stdout


def test_output_cut_short_by_its_reader_ends_quietly():
    """`bot.py ask ... | head -1` and `bot.py console | head -1`: more output than a pipe holds, the reader gone."""
    for args, stdin in ((("ask", *["!policy"] * 60), b""), (("console",), b"!policy\n" * 60)):
        process = subprocess.Popen(
            [sys.executable, "bot.py", *args],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None and process.stdin is not None and process.stderr is not None
        process.stdin.write(stdin)
        process.stdin.close()
        assert process.stdout.readline()
        process.stdout.close()
        assert process.wait(timeout=60) == 0
        stderr = process.stderr.read().decode()
        process.stderr.close()
        assert "BrokenPipeError" not in stderr and "Traceback" not in stderr, stderr


def test_days_that_are_not_a_number_are_named():
    out = run("stats", "--days", "abc")
    assert out.returncode == 2
    assert "--days: 'abc' is not a whole number of days (1 to 3650)" in out.stderr and "_days" not in out.stderr


def test_check_fails_for_shard_ids_without_shard_count():
    out = run("check", env={"SHARD_IDS": "0,1", "SHARD_COUNT": ""})
    assert out.returncode == 1 and "SHARD_IDS needs SHARD_COUNT" in out.stderr


def test_check_names_the_environment_variable_in_error(tmp_path):
    out = run("check", env={"ANSWER_CHANNELS": "abc", "OWNER_IDS": "me"})
    assert out.returncode == 1
    assert "environment ANSWER_CHANNELS='abc'" in out.stderr and "environment OWNER_IDS='me'" in out.stderr


def test_a_backup_is_private_and_a_missing_folder_is_said_plainly(data_dir, tmp_path):
    run("ask", "what is resolution 57?")  # something recorded: the database exists
    target = tmp_path / "copy.sqlite3"
    out = run("backup", str(target))
    assert out.returncode == 0, out.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    missing = run("backup", str(tmp_path / "nowhere" / "copy.sqlite3"))
    assert missing.returncode == 1
    assert "does not exist; create it first" in missing.stderr and "unable to open" not in missing.stderr


def test_migrate_store_copies_the_curators_links_and_dismissals_once(data_dir, pg_url):
    sqlite_file_with_records(data_dir)
    assert run("link", "robots per worker in vietnam", "resolution-57").returncode == 0
    run("ask", "what is the airspeed of an unladen swallow")  # on the list: it can be dismissed
    assert run("dismiss", "what is the airspeed of an unladen swallow").returncode == 0
    for _ in range(2):  # twice: nothing copied twice
        assert run("migrate-store", "--to", pg_url).returncode == 0
    learned = run("learned", env={"DATABASE_URL": pg_url})
    assert learned.returncode == 0 and learned.stdout.count("robots per worker in vietnam") == 1

    async def dismissals() -> int:
        import asyncpg

        conn = await asyncpg.connect(pg_url)
        try:
            return await conn.fetchval("SELECT count(*) FROM dismissals")
        finally:
            await conn.close()

    assert asyncio.run(dismissals()) == 1
