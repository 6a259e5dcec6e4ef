"""The console edge: same engine, text rendering, one message a line when piped."""

from __future__ import annotations

import io

from config import load_settings
from handlers.console import render, run_console
from handlers.service import Service


def service() -> Service:
    return Service.start(load_settings(env={}))


def test_render_wraps_to_the_terminal_and_hangs_list_items():
    reply = service().respond("!quote santiago", addressed=True).reply
    text = render(reply, width=60)
    assert all(len(line) <= 60 for line in text.splitlines())
    assert "\n  " in text  # wrapped list items hang under their bullet
    assert render(reply).replace("\n", " ").split() == text.replace("\n", " ").split()  # same words


def test_render_silence():
    assert render(None) == "(no answer)"


def test_piped_console_answers_each_line_and_stops_at_exit():
    out = io.StringIO()
    code = run_console(
        service(), stdin=io.StringIO("!about\n\nlol\ncobots on assembly lines?\nexit\n!sources\n"), stdout=out
    )
    text = out.getvalue()
    assert code == 0
    assert "About IndustryBot" in text and "IndustryBot here" in text and "I don't know that." in text
    assert "Sources (4)" not in text


def test_console_reload(tmp_path):
    out = io.StringIO()
    run_console(service(), stdin=io.StringIO("!reload\n"), stdout=out)
    assert "Knowledge reloaded" in out.getvalue()


def test_console_questions_are_recorded_and_listed_by_unanswered():
    out = io.StringIO()
    script = "how many robots per worker does vietnam have?\nwhat is resolution 57?\n!unanswered\n!stats 7\n"
    run_console(service(), stdin=io.StringIO(script), stdout=out)
    text = out.getvalue()
    assert "1 question in every server in the last 30 days got no answer" in text
    assert "1× “how many robots per worker does vietnam have?”" in text
    assert "2 questions in every server in the last 7 days: 1 answered (50%)" in text
