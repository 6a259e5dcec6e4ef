"""Rendering a Reply within Discord's limits, and the plain-text fallback."""

from __future__ import annotations

import discord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers.core.reply import Citation, Field, Kind, Reply, Suggestion, Table
from handlers.discord_bot.embeds import (
    DESCRIPTION,
    FIELD_NAME,
    FIELD_VALUE,
    FIELDS,
    FOOTER,
    MAX_TEXT_MESSAGES,
    MESSAGE,
    TITLE,
    TOTAL,
    render_embeds,
    suggestion_lines,
    text_chunks,
    truncate,
)

COLOUR = 0x123456


def within_limits(embed: discord.Embed) -> None:
    assert len(embed.title or "") <= TITLE
    assert len(embed.description or "") <= DESCRIPTION
    assert len(embed.fields) <= FIELDS
    for f in embed.fields:
        assert 0 < len(f.name or "") <= FIELD_NAME
        assert 0 < len(f.value or "") <= FIELD_VALUE
    assert len(embed.footer.text or "") <= FOOTER
    assert len(embed) <= TOTAL
    embed.to_dict()  # serialisable as sent


def huge_reply() -> Reply:
    citations = tuple(Citation(f"s{i}", "A very long article title " * 8, "Some Author", None) for i in range(30))
    table = Table(
        ("Aspect", "Left side", "Right side", "Third side"),
        tuple((f"Aspect {i} " * 30, "L" * 900, "R" * 900, "T" * 3000) for i in range(40)),
    )
    return Reply(
        Kind.COMPARISON,
        "T" * 1000,
        "Body " * 3000,
        fields=tuple(Field(f"Field {i} " * 60, "v" * 5000, inline=i % 2 == 0) for i in range(60)),
        table=table,
        items=tuple(f"item {i} " + "x" * (i * 50) for i in range(137)),
        citations=citations,
        suggestions=tuple(Suggestion(f"number {i}", "policy", f"number {i}") for i in range(10)),
    )


def test_a_huge_reply_stays_within_every_limit_on_every_page():
    reply = huge_reply()
    pages = render_embeds(reply, colour=COLOUR, page_size=10)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        within_limits(page)
        assert page.colour.value == COLOUR
        assert page.footer.text.endswith(f"Page {number}/{len(pages)}")
    assert pages[0].title.endswith("…") and len(pages[0].title) == TITLE


def test_splitting_loses_nothing_but_what_is_cut_short():
    reply = huge_reply()
    pages = render_embeds(reply, colour=COLOUR, page_size=10)
    fields = [f for page in pages for f in page.fields]
    # 60 fields, then each 40 rows too long for one field becomes one field per side.
    assert len(fields) == 60 + 40 * 3
    items = [line for page in pages for line in (page.description or "").splitlines() if line.startswith("• item ")]
    assert [line.split()[2] for line in items] == [str(i) for i in range(137)]


def test_items_paginate_by_page_size_with_the_body_on_the_first_page():
    reply = Reply(Kind.LIST, "Things", "Pick one.", items=tuple(f"thing {i}" for i in range(12)))
    pages = render_embeds(reply, colour=COLOUR, page_size=5)
    assert [p.description.count("• ") for p in pages] == [5, 5, 2]
    assert pages[0].description.startswith("Pick one.")
    assert "Pick one." not in pages[1].description
    assert [p.footer.text for p in pages] == ["Page 1/3", "Page 2/3", "Page 3/3"]


def test_a_short_reply_is_one_embed_without_page_numbers():
    cite = Citation("s", "An article", "A. Writer", "1 May 2024")
    reply = Reply(Kind.FACT, "A fact", "It is so.", citations=(cite,))
    [embed] = render_embeds(reply, colour=COLOUR)
    assert (embed.title, embed.description) == ("A fact", "It is so.")
    assert embed.footer.text == "Source: An article, A. Writer, 1 May 2024"


def test_a_table_becomes_one_field_per_row_with_each_sides_value():
    table = Table(("Aspect", "Industry 4.0", "Industry 5.0"), (("Focus", "machines", "people"), ("Goal", "a", "b")))
    [embed] = render_embeds(Reply(Kind.COMPARISON, "4.0 vs 5.0", table=table), colour=COLOUR)
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [
        ("Focus", "**Industry 4.0:** machines\n**Industry 5.0:** people", False),
        ("Goal", "**Industry 4.0:** a\n**Industry 5.0:** b", False),
    ]


def test_fields_keep_their_inline_flag_and_empty_values_are_made_valid():
    reply = Reply(Kind.INFO, "About", fields=(Field("Facts", "105", inline=True), Field("Empty", "")))
    [embed] = render_embeds(reply, colour=COLOUR)
    assert [(f.name, f.value, f.inline) for f in embed.fields] == [("Facts", "105", True), ("Empty", "\u200b", False)]


def test_suggestions_are_did_you_mean_lines():
    assert suggestion_lines((Suggestion("policy", "policy"),), "?") == "Did you mean `?policy`?"
    offers = (Suggestion("Resolution 57", "policy", "Resolution 57"), Suggestion("What is Industry 5.0?"))
    assert suggestion_lines(offers, "!") == "Did you mean:\n• `!policy Resolution 57`\n• What is Industry 5.0?"
    [embed] = render_embeds(Reply(Kind.UNKNOWN, "?", "No.", suggestions=(Suggestion("quote", "quote"),)), colour=COLOUR)
    assert embed.description == "No.\n\nDid you mean `!quote`?"


def test_truncate():
    assert truncate("short", 10) == "short"
    cut = truncate("x" * 300, 256)
    assert len(cut) == 256 and cut.endswith("…")
    assert truncate("abc", 0) == ""


replies = st.builds(
    Reply,
    kind=st.sampled_from(list(Kind)),
    title=st.text(min_size=1, max_size=600),
    body=st.text(max_size=9000),
    fields=st.lists(st.builds(Field, st.text(max_size=400), st.text(max_size=2500), st.booleans()), max_size=40).map(
        tuple
    ),
    items=st.lists(st.text(max_size=1500), max_size=60).map(tuple),
    citations=st.lists(
        st.builds(Citation, st.just("s"), st.text(max_size=300), st.text(max_size=100), st.none()), max_size=12
    ).map(tuple),
    suggestions=st.lists(st.builds(Suggestion, st.text(max_size=200)), max_size=5).map(tuple),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example])
@given(reply=replies, page_size=st.integers(min_value=1, max_value=25))
def test_any_reply_renders_within_limits(reply, page_size):
    pages = render_embeds(reply, colour=COLOUR, page_size=page_size)
    assert pages
    for page in pages:
        within_limits(page)
    assert sum(len(p.fields) for p in pages) == len(reply.fields)  # no field dropped


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=12000))
def test_text_chunks_fit_a_message_and_keep_the_text(text):
    chunks = text_chunks(text)
    assert 1 <= len(chunks) <= MAX_TEXT_MESSAGES
    assert all(0 < len(c) <= MESSAGE for c in chunks)
    if len(chunks) < MAX_TEXT_MESSAGES:
        # Nothing is lost but white space: a chunk of only spaces is sent as a zero-width space (Discord
        # refuses blank messages), so compare the text without its white space.
        kept = "".join(chunks).replace("\u200b", "")
        assert "".join(kept.split()) == "".join("".join(text.splitlines()).split())


def test_text_beyond_five_messages_is_cut_with_a_note():
    chunks = text_chunks("\n".join(f"line {i} " + "x" * 90 for i in range(500)))
    assert len(chunks) == MAX_TEXT_MESSAGES
    assert chunks[-1].endswith("for the full reply)") and len(chunks[-1]) <= MESSAGE


# ----- the fallback on Discord -------------------------------------------------------------------------------------


async def test_without_embed_links_a_command_answers_in_plain_text(world, payloads):
    world.deny_bot(world.general, embed_links=False)
    [message] = await world.say("!policy resolution 57")
    assert not message.embeds
    expected = world.bot.service.execute("policy", "resolution 57").reply.for_prefix("!").to_text()
    assert [message.content] == text_chunks(expected)
    assert message.content.startswith("Resolution 57") and "Source: " in message.content
    assert payloads[-1]["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_without_embed_links_a_long_list_is_several_messages_and_no_buttons(world, payloads):
    world.deny_bot(world.general, embed_links=False)
    messages = await world.say("!policy")
    text = world.bot.service.execute("policy", "").reply.for_prefix("!").to_text()
    assert len(text) > MESSAGE  # the list is long enough to need several messages
    assert [m.content for m in messages] == text_chunks(text)
    assert len(messages) >= 2 and all(not m.embeds and len(m.content) <= MESSAGE for m in messages)
    assert all(not p.get("components") for p in payloads)
    assert "message_reference" in payloads[0] and all("message_reference" not in p for p in payloads[1:])
