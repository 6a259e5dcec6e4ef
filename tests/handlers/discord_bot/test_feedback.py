"""Helpful / not helpful buttons: on answers only, stored one vote per member per answer, working after a restart."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

import discord
import pytest
from discord.ext import commands

from config import Pagination
from handlers.core.engine import UNKNOWN_TEXT, Outcome
from handlers.core.reply import Kind, Reply
from handlers.discord_bot.feedback import CHANGE, NOT_RECORDED, THANKS, vote_buttons, voter_key
from handlers.discord_bot.pagination import Paginator
from handlers.service import Service
from handlers.storage import Stats
from handlers.storage.secret import VOTE_KEY_FILE, vote_key
from handlers.storage.sqlite import SQLiteStore
from tests.handlers.discord_bot.conftest import (
    World,
    component_interaction,
    make_settings,
    message_payload,
    press,
    restart,
)
from tests.helpers import MockMessage, ask, sent_kwargs

QUESTION = "what is resolution 57"
ENTRY = "resolution-57"
YES, NO = f"ib:vote:y:{ENTRY}", f"ib:vote:n:{ENTRY}"


def secret_of(world: World) -> bytes:
    """The vote secret of the world's data folder (created by the first vote)."""
    return vote_key(world.bot.service.settings.data_path)


def custom_ids(payload: dict[str, Any]) -> list[str]:
    """Every button's custom id in a message payload, row by row."""
    return [c["custom_id"] for row in payload.get("components", []) for c in row["components"] if c["type"] == 2]


async def an_answer(world: World, payloads: list[dict[str, Any]]) -> dict[str, Any]:
    """Alice asks in #answers; the answer's payload as a button press would carry it."""
    [message] = await world.say(QUESTION, world.answers)
    return message_payload(message, payloads[-1]["components"])


async def vote(world: World, custom_id: str, message: dict[str, Any], member: discord.Member | None = None) -> str:
    """``member`` (alice) presses ``custom_id`` under ``message``; the ephemeral text the bot answered with."""
    interaction = component_interaction(world, custom_id, message, member=member)
    await press(world, interaction)
    interaction.response.send_message.assert_awaited_once()  # type: ignore[attr-defined]
    call = interaction.response.send_message.await_args  # type: ignore[attr-defined]
    assert call.kwargs["ephemeral"] is True
    return str(call.args[0])


async def stats(world: World) -> Stats:
    return await world.bot.service.store.stats(str(world.guild.id), None)


# ----- which replies carry the buttons -----------------------------------------------------------------------------


async def test_a_free_text_answer_carries_the_two_buttons_for_its_entry(world, payloads):
    expected = ask(world.bot.service, QUESTION, addressed=False)
    assert expected.entry_id == ENTRY
    [message] = await world.say(QUESTION, world.answers)
    assert message.embeds[0].title == expected.title
    assert custom_ids(payloads[-1]) == [YES, NO]
    labels = [c["label"] for row in payloads[-1]["components"] for c in row["components"]]
    assert labels == ["Helpful", "Not helpful"]


async def test_i_dont_know_carries_no_vote_buttons(world, payloads):
    question = f"{world.mention} cobots on assembly lines?"
    [message] = await world.say(question, world.general, raises=commands.CommandNotFound)
    assert message.embeds[0].title == UNKNOWN_TEXT
    assert [i for i in custom_ids(payloads[-1]) if i.startswith("ib:vote:")] == []  # suggestions, not votes


async def test_a_policy_command_carries_no_buttons(world, payloads):
    [message] = await world.say("!policy resolution 57")
    assert message.embeds[0].title == "Resolution 57"
    assert custom_ids(payloads[-1]) == []


async def test_an_ask_answer_carries_the_buttons(world, payloads):
    [message] = await world.say(f"!ask {QUESTION}")
    assert message.embeds[0].title == "Resolution 57"
    assert custom_ids(payloads[-1]) == [YES, NO]


async def test_a_plain_text_answer_carries_the_buttons_too(world, payloads):
    world.deny_bot(world.answers, embed_links=False)
    [message] = await world.say(QUESTION, world.answers)
    assert not message.embeds and "Resolution 57" in message.content
    assert custom_ids(payloads[-1]) == [YES, NO]


@pytest.mark.parametrize("entry", [None, "", "Has Capitals", "x" * 100, "under_score"])
def test_no_buttons_for_an_entry_id_a_custom_id_cannot_carry(entry):
    assert vote_buttons(entry) == []


# ----- pressing --------------------------------------------------------------------------------------------------


async def test_a_vote_works_on_a_bot_started_after_the_answer_was_sent(make_world, payloads):
    first = await make_world()
    answer = await an_answer(first, payloads)
    fresh = await restart(first, make_world)
    assert await stats(fresh) == Stats()  # the new world is a new guild: nothing recorded for it yet

    assert await vote(fresh, YES, answer) == THANKS[True] + CHANGE
    assert await vote(fresh, NO, answer, member=fresh.bob) == THANKS[False] + CHANGE
    [entry] = (await stats(fresh)).votes  # stats list the entries with a "not helpful" vote, counting both
    assert (entry.entry_id, entry.helpful, entry.not_helpful) == (ENTRY, 1, 1)


async def test_pressing_the_other_button_changes_the_one_vote(world, payloads):
    answer = await an_answer(world, payloads)
    await vote(world, YES, answer)
    await vote(world, NO, answer)
    [entry] = (await stats(world)).votes
    assert (entry.entry_id, entry.helpful, entry.not_helpful) == (ENTRY, 0, 1)
    await vote(world, NO, answer)  # pressing the same button again changes nothing
    [entry] = (await stats(world)).votes
    assert (entry.helpful, entry.not_helpful) == (0, 1)


async def test_two_members_votes_count_twice(world, payloads):
    answer = await an_answer(world, payloads)
    await vote(world, NO, answer, member=world.alice)
    await vote(world, NO, answer, member=world.bob)
    [entry] = (await stats(world)).votes
    assert (entry.helpful, entry.not_helpful) == (0, 2)


async def test_the_vote_names_the_server_channel_message_and_entry_but_not_the_member(world, payloads):
    answer = await an_answer(world, payloads)
    await vote(world, NO, answer)
    store = world.bot.service.store
    assert isinstance(store, SQLiteStore) and store._conn is not None
    rows = await store._conn.execute_fetchall("SELECT server, channel, message_id, voter, entry_id, helpful FROM votes")
    assert rows == [
        (
            str(world.guild.id),
            str(world.answers.id),
            str(answer["id"]),
            voter_key(world.alice.id, int(answer["id"]), secret_of(world)),
            ENTRY,
            0,
        )
    ]
    [(voter,)] = await store._conn.execute_fetchall("SELECT voter FROM votes")
    assert str(world.alice.id) not in voter


def test_the_voter_key_is_not_the_member_and_differs_between_messages():
    member, message, other_message = 1_100_000_000_000_000_123, 1_300_000_000_000_000_001, 1_300_000_000_000_000_002
    secret = bytes(range(32))
    key = voter_key(member, message, secret)
    assert key == voter_key(member, message, secret)  # stable: one vote per member per message
    assert str(member) not in key and str(message) not in key
    assert key != voter_key(member, other_message, secret)
    assert key != voter_key(member + 1, message, secret)
    assert key != voter_key(member, message, bytes(range(1, 33)))  # another secret, another key


async def test_a_members_votes_on_two_answers_have_unrelated_keys(world, payloads):
    first = await an_answer(world, payloads)
    second = await an_answer(world, payloads)
    assert first["id"] != second["id"]
    await vote(world, NO, first)
    await vote(world, NO, second)
    store = world.bot.service.store
    assert isinstance(store, SQLiteStore) and store._conn is not None
    voters = {row[0] for row in await store._conn.execute_fetchall("SELECT voter FROM votes")}
    secret = secret_of(world)
    assert voters == {voter_key(world.alice.id, int(i["id"]), secret) for i in (first, second)}
    assert len(voters) == 2
    [entry] = (await stats(world)).votes
    assert entry.not_helpful == 2


async def test_a_press_on_a_button_the_message_does_not_have_does_nothing(world, payloads):
    answer = await an_answer(world, payloads)
    interaction = component_interaction(world, "ib:vote:y:another-entry", answer)
    await press(world, interaction)
    interaction.response.send_message.assert_not_awaited()  # type: ignore[attr-defined]
    assert (await stats(world)).votes == ()


# ----- without storage ---------------------------------------------------------------------------------------------


async def test_without_storage_the_member_is_told_the_vote_cant_be_recorded(make_world, engine, payloads, broken_store):
    settings = make_settings()
    world = await make_world(service=Service(settings, engine, store=broken_store))
    answer = await an_answer(world, payloads)  # answers still come, with their buttons
    assert custom_ids(payloads[-1]) == [YES, NO]
    assert await vote(world, YES, answer) == NOT_RECORDED


# ----- the paginator ---------------------------------------------------------------------------------------------


async def test_the_paginator_disables_its_page_buttons_on_timeout_but_keeps_the_votes():
    pages = [discord.Embed(title="one"), discord.Embed(title="two")]
    view = Paginator(pages, author_id=1, timeout=60, extra=vote_buttons("some-id"))
    view.message = MockMessage()
    await view.on_timeout()
    assert view.previous_page.disabled and view.next_page.disabled
    [call] = sent_kwargs(view.message.edit)
    assert call["view"] is view
    pager, votes = view.to_components()
    assert [c.get("disabled", False) for c in pager["components"]] == [True, True]
    assert [c["custom_id"] for c in votes["components"]] == ["ib:vote:y:some-id", "ib:vote:n:some-id"]
    assert [c.get("disabled", False) for c in votes["components"]] == [False, False]


async def test_a_paginated_answer_carries_the_votes_and_anyone_may_press_them(make_world, payloads, monkeypatch):
    world = await make_world()
    long = Reply(Kind.LIST, "Long", "Many lines", items=tuple("abcdefg"), entry_id=ENTRY, answered=True)
    monkeypatch.setattr(world.bot.service.engine, "respond", lambda text, *, addressed, lang="en": Outcome(long))
    [paged] = await world.say(QUESTION, world.answers)
    assert custom_ids(payloads[-1])[-2:] == [YES, NO]  # Previous and Next, then the votes
    message = message_payload(paged, payloads[-1]["components"])
    # Bob did not ask: he may not turn pages, but he may vote (and gets one answer, not the paginator's refusal too).
    assert await vote(world, NO, message, member=world.bob) == THANKS[False] + CHANGE
    assert await vote(world, YES, message, member=world.alice) == THANKS[True] + CHANGE
    [entry] = (await stats(world)).votes
    assert (entry.helpful, entry.not_helpful) == (1, 1)


async def test_votes_keep_working_after_a_paginated_answer_times_out(make_world, payloads, monkeypatch):
    # A view that stops makes discord.py forget the DynamicItem classes it held: a paginator holding VoteButtons
    # would unregister them for the whole bot when its page buttons time out.
    world = await make_world(pagination=Pagination(page_size=1, timeout=0.2))
    answer = await an_answer(world, payloads)
    long = Reply(Kind.LIST, "Long", "Many lines", items=("one", "two", "three"), entry_id=ENTRY, answered=True)
    monkeypatch.setattr(world.bot.service.engine, "respond", lambda text, *, addressed, lang="en": Outcome(long))
    [paged] = await world.say(QUESTION, world.answers)
    components = payloads[-1]["components"]
    assert await vote(world, YES, answer) == THANKS[True] + CHANGE  # before the timeout

    await asyncio.sleep(0.5)  # the page buttons time out (the message is edited to grey them out)
    assert await vote(world, NO, answer, member=world.bob) == THANKS[False] + CHANGE
    assert await vote(world, NO, message_payload(paged, components)) == THANKS[False] + CHANGE


async def test_the_voter_cannot_be_found_from_the_database_alone(world, payloads):
    """Before: the key was an unkeyed hash, so hashing each candidate member id with the stored message id found
    the voter. Now the key needs the data folder's secret, which is not in the database."""
    answer = await an_answer(world, payloads)
    await vote(world, NO, answer)
    store = world.bot.service.store
    assert isinstance(store, SQLiteStore) and store._conn is not None
    [(message_id, voter)] = await store._conn.execute_fetchall("SELECT message_id, voter FROM votes")
    candidates = [world.alice.id, world.bob.id, *range(1_000, 2_000)]

    def unkeyed(member: int) -> str:
        return hashlib.blake2b(f"{message_id}:{member}".encode(), digest_size=12, person=b"ib-vote").hexdigest()

    assert voter not in {unkeyed(member) for member in candidates}
    secret_file = world.bot.service.settings.data_path / VOTE_KEY_FILE
    assert secret_file.read_bytes() == secret_of(world) and len(secret_of(world)) == 32
    assert secret_file.stat().st_mode & 0o777 == 0o600
