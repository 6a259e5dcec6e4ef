"""Replies carry structure: the prefix is filled in by the edge, suggestions are data."""

from __future__ import annotations

from handlers.core.reply import PREFIX, Field, Kind, Reply, Suggestion


def test_the_edge_fills_in_its_prefix_everywhere():
    reply = Reply(
        Kind.USAGE,
        f"{PREFIX}policy",
        f"Usage: `{PREFIX}policy NAME`",
        fields=(Field(f"{PREFIX}help", f"see {PREFIX}help"),),
        items=(f"{PREFIX}quote",),
        suggestions=(Suggestion("policy", "policy"), Suggestion("What is Industry 5.0?", entry_id="x")),
    )
    shown = reply.for_prefix("?")
    assert shown.title == "?policy" and shown.body == "Usage: `?policy NAME`"
    assert shown.fields[0] == Field("?help", "see ?help") and shown.items == ("?quote",)
    assert "?policy" in reply.to_text("?") and PREFIX not in reply.to_text("?")
    assert reply.to_json("q", "?")["suggestions"] == ["?policy", "What is Industry 5.0?"]


def test_a_reply_without_a_marker_is_itself():
    reply = Reply(Kind.FACT, "Title", "Body")
    assert reply.for_prefix("?") is reply
