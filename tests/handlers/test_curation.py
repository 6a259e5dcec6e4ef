"""Grouping unanswered questions into the curators' to-do list, and the reports' text and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from handlers.core.engine import Engine
from handlers.core.reply import Kind
from handlers.curation import group_unanswered, stats_reply, unanswered_csv, unanswered_reply
from handlers.storage import EntryVotes, Stats, Unanswered

T = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)


def row(text: str, minutes: int = 0, nearest: str | None = "resolution-57", score: float = 0.3) -> Unanswered:
    return Unanswered("111", T + dt.timedelta(minutes=minutes), text, nearest, score)


def titles(entry_id: str) -> str:
    return entry_id.replace("-", " ").title()


def test_similar_wordings_are_one_group_and_the_most_asked_comes_first(engine: Engine):
    rows = [
        row("what is the minimum wage in vietnam", 5, "a", 0.2),
        row("who is klaus schwab", 4, "b", 0.1),
        row("whats the minimum wage in vietnam?", 3, "a", 0.4),
        row("What is the minimum wage in Vietnam", 2, "c", 0.3),
        row("what is the weather in hanoi", 1, "d", 0.2),
    ]
    groups = group_unanswered(rows, engine.index.tokens)
    assert [g.count for g in groups] == [3, 1, 1]
    wage = groups[0]
    assert wage.text == "what is the minimum wage in vietnam"  # the newest of the most asked wordings
    assert wage.nearest_entry == "a" and wage.best_score == 0.4 and wage.last_asked == T + dt.timedelta(minutes=5)
    assert [g.text for g in groups[1:]] == ["who is klaus schwab", "what is the weather in hanoi"]  # newest first


def test_different_questions_on_one_topic_stay_apart(engine: Engine):
    rows = [row("when was resolution 57 signed"), row("who signed resolution 57"), row("what is industry 6.0")]
    groups = group_unanswered(rows, engine.index.tokens)
    assert len(groups) >= 2 and sum(g.count for g in groups) == 3


def test_the_to_do_list_reply(engine: Engine):
    groups = group_unanswered([row("how many robots"), row("how many robots?")], engine.index.tokens)
    reply = unanswered_reply(groups, 30, titles, "here")
    assert reply.kind is Kind.LIST
    assert reply.body.startswith("2 questions here in the last 30 days got no answer, in 1 group")
    shown = reply.for_prefix("!")
    assert shown.items == ("**2×** “how many robots” (+1 similar wording)\n  nearest: Resolution 57 (`resolution-57`, "
                           "score 0.30)",)  # fmt: skip
    assert unanswered_reply([], 1, titles, "here").body == "Nothing went unanswered here in the last 1 day."


def test_the_csv_has_a_row_a_group_and_no_formula_cells(engine: Engine):
    groups = group_unanswered([row('=HYPERLINK("http://x")'), row("how many robots")], engine.index.tokens)
    parsed = list(csv.DictReader(io.StringIO(unanswered_csv(groups, titles))))
    assert {r["question"] for r in parsed} == {'\'=HYPERLINK("http://x")', "how many robots"}
    assert all(r["nearest_title"] == "Resolution 57" and r["servers"] == "111" for r in parsed)


def test_the_stats_reply_puts_the_most_not_helpful_first():
    stats = Stats(
        asked=10,
        answered=7,
        unanswered=2,
        near_misses=1,
        top_entries=(("resolution-57", 4),),
        votes=(EntryVotes("cobots", 1, 3),),
        servers=(("111", 10, 7),),
    )
    reply = stats_reply(stats, 30, titles, "here", by_server=False)
    assert reply.body.startswith("10 questions here in the last 30 days: 7 answered (70%), 2 unanswered")
    assert [f.name for f in reply.fields] == ["Most used entries", "Fix first (most “not helpful” votes)"]
    assert reply.fields[1].value == "3 not helpful, 1 helpful: Cobots (`cobots`)"
    every = stats_reply(stats, 30, titles, "in every server", by_server=True)
    assert every.fields[-1].value == "111: 10 asked, 7 answered"
    assert stats_reply(Stats(), 30, titles, "here", by_server=False).title == "No questions yet"
