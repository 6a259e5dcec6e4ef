"""Suggestions one press away: buttons under "did you mean", pressed through discord.py's component dispatch, for
the member who asked (the reply becomes the answer) and for anyone else (the answer just for them), after a
restart too."""

from __future__ import annotations

from typing import Any

import discord
from discord.ext import commands

from handlers.core.engine import UNKNOWN_TEXT
from handlers.core.reply import Kind, Reply, Suggestion
from handlers.discord_bot.suggestions import LABEL, suggestion_buttons
from handlers.storage import Stats
from tests.handlers.discord_bot.conftest import World, component_interaction, message_payload, press, restart

QUESTION = "how do robots and humans team up"


def buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in payload.get("components", []) for c in row["components"] if c["type"] == 2]


async def unsure_reply(world: World, payloads: list[dict[str, Any]]) -> tuple[dict[str, Any], list[Suggestion]]:
    """Alice mentions the bot with a question it is unsure of: the reply's payload, and what it suggests."""
    expected = world.bot.service.respond(QUESTION, addressed=True).reply
    assert expected is not None and expected.title == UNKNOWN_TEXT and expected.suggestions
    [message] = await world.say(f"{world.mention} {QUESTION}", world.general, raises=commands.CommandNotFound)
    assert message.embeds[0].title == UNKNOWN_TEXT
    return message_payload(message, payloads[-1]["components"]), list(expected.suggestions)


def show_id(world: World, member: discord.Member, entry_id: str | None) -> str:
    return f"ib:show:{member.id}:{entry_id}"


async def questions(world: World) -> Stats:
    return await world.bot.service.store.stats(str(world.guild.id), None)


async def test_an_unsure_reply_carries_a_button_per_suggestion_labelled_with_its_title(world, payloads):
    message, suggestions = await unsure_reply(world, payloads)
    shown = buttons(message)
    assert [b["custom_id"] for b in shown] == [show_id(world, world.alice, s.entry_id) for s in suggestions[:3]]
    assert [b["label"] for b in shown] == [s.label[:LABEL] for s in suggestions[:3]]
    assert all(len(b["label"]) <= LABEL for b in shown)


def test_at_most_three_buttons_within_discords_label_limit():
    long = "A very long title " * 10
    offers = tuple(Suggestion(f"{long}{i}", entry_id=f"entry-{i}") for i in range(5))
    reply = Reply(Kind.UNKNOWN, UNKNOWN_TEXT, suggestions=(*offers, Suggestion("help", "help")))
    made = suggestion_buttons(reply, 42)
    assert [b.entry_id for b in made] == ["entry-0", "entry-1", "entry-2"]
    assert all(len(b.item.label or "") <= LABEL and (b.item.label or "").endswith("…") for b in made)
    assert suggestion_buttons(Reply(Kind.UNKNOWN, "x", suggestions=(Suggestion("help", "help"),)), 42) == []


async def test_the_asker_presses_and_the_unsure_reply_becomes_the_answer_with_vote_buttons(world, payloads):
    message, suggestions = await unsure_reply(world, payloads)
    entry = suggestions[0].entry_id
    interaction = component_interaction(world, show_id(world, world.alice, entry), message, channel=world.general)
    await press(world, interaction)
    edit = interaction.response.edit_message  # type: ignore[attr-defined]
    edit.assert_awaited_once()
    kwargs = edit.await_args.kwargs
    card = world.bot.service.show(entry or "").reply
    assert card is not None and kwargs["embed"].title == card.title and kwargs["content"] is None
    view: discord.ui.View = kwargs["view"]
    assert [getattr(i, "custom_id", None) for i in view.children] == [f"ib:vote:y:{entry}", f"ib:vote:n:{entry}"]
    interaction.response.send_message.assert_not_awaited()  # type: ignore[attr-defined]
    stats = await questions(world)
    assert stats.answered == 1 and stats.top_entries == ((entry, 1),)  # the press, recorded as answered


async def test_anyone_else_gets_the_answer_just_for_them(world, payloads):
    message, suggestions = await unsure_reply(world, payloads)
    entry = suggestions[1].entry_id
    interaction = component_interaction(
        world, show_id(world, world.alice, entry), message, member=world.bob, channel=world.general
    )
    await press(world, interaction)
    interaction.response.edit_message.assert_not_awaited()  # type: ignore[attr-defined]
    send = interaction.response.send_message  # type: ignore[attr-defined]
    send.assert_awaited_once()
    card = world.bot.service.show(entry or "").reply
    assert card is not None
    assert send.await_args.kwargs["ephemeral"] is True and send.await_args.kwargs["embed"].title == card.title


async def test_a_press_works_on_a_bot_started_after_the_reply_was_sent(make_world, payloads):
    first = await make_world()
    message, suggestions = await unsure_reply(first, payloads)
    fresh = await restart(first, make_world)
    entry = suggestions[0].entry_id
    interaction = component_interaction(fresh, show_id(first, first.alice, entry), message, channel=fresh.general)
    await press(fresh, interaction)
    interaction.response.send_message.assert_awaited_once()  # type: ignore[attr-defined]  # not alice: a new guild
    assert interaction.response.send_message.await_args.kwargs["ephemeral"] is True  # type: ignore[attr-defined]


async def test_the_press_makes_the_entry_the_topic_of_a_follow_up(world, payloads):
    message, suggestions = await unsure_reply(world, payloads)
    entry = suggestions[1].entry_id
    interaction = component_interaction(world, show_id(world, world.alice, entry), message, channel=world.general)
    await press(world, interaction)
    [reply] = await world.say(f"{world.mention} source?", world.general, raises=commands.CommandNotFound)
    assert reply.embeds[0].title.startswith("Source of")


async def test_a_press_without_embed_links_edits_in_plain_text(world, payloads):
    _, suggestions = await unsure_reply(world, payloads)
    entry = suggestions[0].entry_id
    world.deny_bot(world.general, embed_links=False)
    [plain_message] = await world.say(f"{world.mention} {QUESTION}", world.general, raises=commands.CommandNotFound)
    assert not plain_message.embeds
    plain = message_payload(plain_message, payloads[-1]["components"])
    interaction = component_interaction(world, show_id(world, world.alice, entry), plain, channel=world.general)
    permissions = discord.Permissions.text()
    permissions.embed_links = False
    interaction._app_permissions = permissions.value  # type: ignore[attr-defined]
    await press(world, interaction)
    kwargs = interaction.response.edit_message.await_args.kwargs  # type: ignore[attr-defined]
    card = world.bot.service.show(entry or "").reply
    assert card is not None and card.title in kwargs["content"] and kwargs["embed"] is None
