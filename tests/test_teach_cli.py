"""Teaching from the command line: `bot.py link`, `dismiss` and `learned`, as a curator on the host runs them."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest

from tests.conftest import ROOT
from tests.test_cli import run

ROBOTS = "how many robots per worker does vietnam have?"
ENTRY = "responsibility-embedded-in-strategy"
SWALLOW = "what is the airspeed of an unladen swallow"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_env(request, data_dir) -> dict[str, str]:
    return {} if request.param == "sqlite" else {"DATABASE_URL": request.getfixturevalue("pg_url")}


def answer(text: str, env: dict[str, str] | None = None) -> dict:
    return answer_all([text], env)[text]


def answer_all(texts: list[str], env: dict[str, str] | None = None) -> dict[str, dict]:
    """One `bot.py ask --json` for all of them: one reply a line, in order."""
    out = run("ask", "--json", *texts, env=env)
    assert out.returncode == 0, out.stderr
    replies = [json.loads(line) for line in out.stdout.splitlines()]
    assert [reply["query"] for reply in replies] == texts
    return dict(zip(texts, replies, strict=True))


def todo(env: dict[str, str] | None = None) -> list[str]:
    """The questions `bot.py unanswered --csv` lists."""
    out = run("unanswered", "--csv", env=env)
    assert out.returncode == 0, out.stderr
    return [row["question"] for row in csv.DictReader(io.StringIO(out.stdout))]


def test_ask_then_link_then_the_wording_is_answered_and_off_the_list(store_env):
    before = answer(ROBOTS, store_env)
    assert not before["answered"]
    assert todo(store_env) == [ROBOTS]

    out = run("link", ROBOTS, ENTRY, env=store_env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Linked") and f"(`{ENTRY}`)" in out.stdout

    after = answer(ROBOTS, store_env)
    assert after["answered"] and after["id"] == ENTRY
    assert todo(store_env) == []
    report = run("unanswered", env=store_env).stdout
    assert "Of 1 group: 1 linked to an entry, 0 dismissed, 0 answered since, 0 still open." in report
    listed = run("learned", env=store_env).stdout
    assert f"“{ROBOTS}” -> {ENTRY} (" in listed and "linked by command line (" in listed


def test_a_wording_that_is_another_entrys_name_or_an_unknown_entry_is_refused():
    out = run("link", "NQ57", "industry-5-0-definition")
    assert out.returncode == 1
    assert "already a name of Resolution 57 (`resolution-57`), another entry" in out.stderr
    out = run("link", ROBOTS, "robot-density")
    assert out.returncode == 1 and "The base has no entry `robot-density`" in out.stderr
    assert "Nothing learned yet" in run("learned").stdout
    assert not answer(ROBOTS)["answered"]


def test_learned_remove_takes_a_link_back():
    assert run("link", ROBOTS, ENTRY).returncode == 0
    assert answer(ROBOTS)["id"] == ENTRY
    out = run("learned", "--remove", "How many robots per worker does Vietnam have")
    assert out.returncode == 0 and out.stdout.startswith("Taken back")
    assert not answer(ROBOTS)["answered"]
    again = run("learned", "--remove", ROBOTS)
    assert again.returncode == 1 and "No learned wording" in again.stderr


def test_dismiss_takes_a_group_off_the_list_and_the_report_counts_it():
    answer(SWALLOW)
    answer("what's the airspeed of an unladen swallow?")
    answer(ROBOTS)
    assert todo() == ["what's the airspeed of an unladen swallow?", ROBOTS]  # two wordings, one group: the newest
    out = run("dismiss", "airspeed of an unladen swallow")
    assert out.returncode == 0 and "every server's list" in out.stdout
    assert todo() == [ROBOTS]
    report = run("unanswered").stdout
    assert "Of 2 groups: 0 linked to an entry, 1 dismissed, 0 answered since, 1 still open." in report


def test_dismissing_a_wording_no_one_asked_says_so_and_dismisses_nothing():
    answer(ROBOTS)
    out = run("dismiss", "airspeed of an unladen swallow")
    assert out.returncode == 1 and "No open question on every server's list is asked like" in out.stderr
    assert todo() == [ROBOTS]


def test_the_export_round_trips_through_the_knowledge_folder(tmp_path, data_dir):
    linked = {ROBOTS: ENTRY, "what does the vinfuture director think about 5.0": "le-thai-ha-industry-5-0"}
    for wording, entry in linked.items():
        out = run("link", wording, entry)
        assert out.returncode == 0, out.stderr
    asked = [*linked, "what is resolution 57", "how many robots per worker in vietnam"]
    answers = answer_all(asked)
    assert {text: answers[text]["id"] for text in linked} == linked

    folder = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge", folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    out = run("learned", "--export", str(folder / "learned.yaml"))
    assert out.returncode == 0, out.stderr
    checked = run("check", env={"KNOWLEDGE_DIR": str(folder)})
    assert checked.returncode == 0, checked.stderr

    # A fresh data folder: nothing learned in the store, only what the file says.
    fresh = {"KNOWLEDGE_DIR": str(folder), "BOT_DATA_DIR": str(tmp_path / "fresh")}
    assert "Nothing learned yet" in run("learned", env=fresh).stdout
    for text, again in answer_all(asked, fresh).items():
        assert (again["answered"], again["id"], again["score"]) == (
            answers[text]["answered"],
            answers[text]["id"],
            answers[text]["score"],
        ), text


def test_check_names_file_and_line_of_a_bad_learned_file(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge", folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    (folder / "learned.yaml").write_text(
        "learned:\n"
        "  - id: resolution-57\n"
        "    questions: [what is nq 57 about]\n"
        "  - id: no-such-entry\n"
        "    questions: [anything]\n"
        "  - id: industry-5-0-definition\n"
        "    questions:\n"
        "      - fine wording for five point oh\n"
        "      - NQ57\n",
        encoding="utf-8",
    )
    out = run("check", env={"KNOWLEDGE_DIR": str(folder)})
    assert out.returncode == 1
    assert "learned.yaml:4: learned[1].id: unknown entry 'no-such-entry'" in out.stderr
    assert "learned.yaml:9: learned[2].questions[1]: refused: “NQ57” is already a name of Resolution 57" in out.stderr
    assert "Traceback" not in out.stderr
