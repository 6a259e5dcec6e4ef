"""The command line, run as a member would: `bot.py check`, `check --json`, `ask`, and the console."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


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
    assert not chatter["answered"] and chatter["kind"] == "unknown"
    assert not typo["answered"] and typo["suggestions"] == ["!policy"]


def test_ask_plain_text():
    out = run("ask", "!policy nq57")
    assert out.returncode == 0 and out.stdout.startswith("Resolution 57")


@pytest.mark.parametrize("exit_word", ["exit", None])
def test_console_reads_one_message_a_line(exit_word):
    lines = ["!compare 4.0 5.0", "lol", "what is resolution 57"] + ([exit_word, "!about"] if exit_word else [])
    out = run("console", stdin="\n".join(lines) + "\n")
    assert out.returncode == 0, out.stderr
    assert "Industry 4.0 vs Industry 5.0" in out.stdout
    assert "I don't know that." in out.stdout  # the console is addressed: it says so
    assert "Resolution 57" in out.stdout
    assert "About IndustryBot" not in out.stdout  # nothing after `exit`


def test_make_run_without_token_is_the_console():
    out = run(stdin="!sources\n")
    assert out.returncode == 0 and "Sources (4)" in out.stdout


def test_run_without_token_explains():
    out = run("run")
    assert out.returncode == 1 and "DISCORD_TOKEN is not set" in out.stdout
