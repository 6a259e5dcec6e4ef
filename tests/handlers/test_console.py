"""The console edge: same engine, text rendering, one message a line when piped."""

from __future__ import annotations

import io
import re

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


def chat(script: str) -> str:
    out = io.StringIO()
    assert run_console(service(), stdin=io.StringIO(script), stdout=out) == 0
    return out.getvalue()


def test_a_console_session_is_one_conversation_with_follow_ups():
    text = chat("what is industry 5.0\nand 4.0?\nwho said that?\nsource?\n")
    assert text.startswith("Industry 5.0 defined")
    assert "\n\nIndustry 4.0, an opportunity for every country\n" in text
    assert "Who said it:" in text and "Source of “Industry 4.0, an opportunity for every country”" in text


def test_suggestions_are_numbered_and_a_number_answers():
    question = "how do robots and humans work side by side"
    reply = service().respond(question, addressed=True).reply
    assert reply is not None and len(reply.suggestions) >= 2
    text = chat(f"{question}\n2\n")
    assert "Did you mean (type its number):\n1. " in text and "\n2. " in text
    card = service().show(reply.suggestions[1].entry_id or "").reply
    assert card is not None and f"\n\n{card.title}\n" in text.split("(type its number)")[1]


def test_a_number_without_suggestions_is_a_question():
    text = chat("!about\n1\n")
    assert "(type its number)" not in text and "I don't know that." in text


def test_console_help_lists_the_console_commands_and_no_slash_commands():
    text = chat("!help\n")
    assert "slash command" not in text
    assert "In this console:" in text
    for name in ("!reload", "!unanswered [days]", "!stats [days]", "!config, !sync, !forget, !link` work in Discord"):
        assert name in text


def test_discord_only_commands_say_they_work_in_discord():
    text = chat("!config\n!sync\n!forget confirm\n")
    assert "There is no command" not in text
    for name in ("config", "sync", "forget"):
        assert f"!{name} works in Discord" in text
    assert "python bot.py forget --server console" in text


def test_unanswered_with_a_bad_number_of_days_says_so():
    text = chat("!unanswered abc\n!stats 0\n")
    assert "Usage: `!unanswered [days]`: days is a whole number from 1 to 3650" in text
    assert "Usage: `!stats [days]`" in text
    assert "in the last 30 days" not in text


def test_a_mention_typed_as_on_discord_and_a_number_out_of_range_are_understood():
    out = io.StringIO()
    lines = "@IndustryBot what is industry 5.0?\nhow do robots and humans work side by side\n7\n1\n!link\n"
    assert run_console(service(), stdin=io.StringIO(lines), stdout=out) == 0
    text = out.getvalue()
    assert "Industry 5.0 defined" in text  # the mention is not part of the question
    # 7 of 2 or 3: the suggestions stay, and 1 then takes the first
    assert re.search(r"Type a number from 1 to [23]\b", text), text
    assert "!link works in Discord" in text and "python bot.py link" in text
