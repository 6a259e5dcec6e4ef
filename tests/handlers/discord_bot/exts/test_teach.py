"""Teaching through Discord: the buttons under `!unanswered`, `!link` and `/link`, who may, and what changes."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord import app_commands
from discord.ext import commands

from handlers import i18n
from handlers.curation import digest
from handlers.discord_bot.exts.errors import CANNOT_USE
from tests.handlers.discord_bot.conftest import (
    World,
    interaction_payload,
    message_payload,
    restart,
    slash_interaction,
)
from tests.handlers.discord_bot.exts.test_curation import ask_unanswered, manager
from tests.helpers import sent_kwargs

ROBOTS = "how many robots per worker does vietnam have?"
NEAREST = "responsibility-embedded-in-strategy"
OTHER = "industry-5-0-definition"
CURATOR_ID = 1_100_000_000_000_000_077
NAME = digest(ROBOTS)


def components(payload: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in payload.get("components", []) for c in row["components"]]


async def unanswered(world: World, payloads: list[dict[str, Any]], member: discord.Member) -> list[dict[str, Any]]:
    """``member`` runs `!unanswered`; each message the bot sent, as a payload a press would carry back."""
    before = len(payloads)
    messages = await world.say("!unanswered", member=member)
    sent = payloads[before:]
    assert len(sent) == len(messages)
    return [message_payload(m, p.get("components", [])) for m, p in zip(messages, sent, strict=True)]


async def press(
    world: World,
    custom_id: str,
    message: dict[str, Any],
    member: discord.Member,
    *,
    manage_guild: bool = False,
    values: list[str] | None = None,
    guild_id: int | None = None,
) -> str:
    """``member`` presses the button (or picks ``values`` in the select) ``custom_id`` under ``message``, as the
    gateway delivers it and discord.py dispatches it; the ephemeral text the bot answered with."""
    kind = 3 if values is not None else 2
    data = interaction_payload(world, 3, {"component_type": kind, "custom_id": custom_id}, member=member)
    if values is not None:
        data["data"]["values"] = values
    if manage_guild:
        data["member"]["permissions"] = str(discord.Permissions(manage_guild=True).value)
    if guild_id is not None:  # a guild this bot has not seen: the payload's channel must stand on its own
        data["guild_id"] = str(guild_id)
        data["channel"] = {**data["channel"], "name": "general", "guild_id": str(guild_id), "position": 0}
    data["message"] = message
    interaction = discord.Interaction(data=data, state=world.bot._connection)  # type: ignore[arg-type]
    from tests.helpers import MockInteractionResponse

    interaction._cs_response = MockInteractionResponse()  # type: ignore[attr-defined]
    before = asyncio.all_tasks()
    world.bot._connection._view_store.dispatch_view(kind, custom_id, interaction)
    await asyncio.gather(*[t for t in asyncio.all_tasks() - before if t.get_name().startswith("discord-ui-")])
    [call] = interaction.response.send_message.await_args_list  # type: ignore[attr-defined]
    assert call.kwargs["ephemeral"] is True
    return str(call.args[0])


def answer_title(world: World, text: str) -> str | None:
    outcome = world.bot.service.respond(text, addressed=True).outcome
    return outcome.nearest if outcome.answered else None


async def card(world: World, payloads: list[dict[str, Any]], member: discord.Member) -> dict[str, Any]:
    """Alice's unanswered question, and the one group card `!unanswered` shows ``member`` for it."""
    await ask_unanswered(world, ROBOTS)
    report, group = await unanswered(world, payloads, member)
    assert report["embeds"][0]["title"] == "Unanswered questions"
    assert ROBOTS in group["content"] and f"`{NEAREST}`" in group["content"]
    return group


# ----- the loop, through Discord -------------------------------------------------------------------------------


async def test_the_report_and_its_cards_come_from_one_review(world, payloads, monkeypatch):
    """`!unanswered` reviews the list once (each review asks the base every group again) for report and cards."""
    service = world.bot.service
    reviews: list[str | None] = []
    review = service.review_unanswered

    async def counting(server: str | None, days: int = 30) -> Any:
        reviews.append(server)
        return await review(server, days)

    monkeypatch.setattr(service, "review_unanswered", counting)
    await card(world, payloads, world.owner)
    assert len(reviews) == 1


async def test_link_to_the_nearest_entry_then_the_question_is_answered_and_off_the_list(world, payloads):
    group = await card(world, payloads, world.owner)
    ids = [c["custom_id"] for c in components(group)]
    assert ids == [f"ib:link:{NAME}:{NEAREST}", f"ib:dismiss:{NAME}", f"ib:linkto:{NAME}"]
    [link] = [c for c in components(group) if c["type"] == 2 and c["custom_id"].startswith("ib:link:")]
    assert link["label"] == f"Link to {world.bot.service.entry_title(NEAREST)}"

    text = await press(world, f"ib:link:{NAME}:{NEAREST}", group, world.owner)
    assert text.startswith("**Linked**") and f"(`{NEAREST}`)" in text

    [reply] = await world.say(f"{world.mention} {ROBOTS}", world.general, raises=commands.CommandNotFound)
    assert reply.embeds[0].title == world.bot.service.entry_title(NEAREST)
    [report] = await unanswered(world, payloads, world.owner)  # nothing open: no group cards
    embed = report["embeds"][0]
    assert embed["title"] == "No unanswered questions"
    assert embed["fields"][0]["value"].startswith("Of 1 group: 1 linked to an entry")
    [row] = await world.bot.service.learned_wordings() or []
    assert (row.wording, row.entry_id, row.linked_by) == (ROBOTS, NEAREST, f"owner ({world.owner.id})")


async def test_link_to_another_entry_from_the_select(world, payloads):
    group = await card(world, payloads, world.owner)
    [select] = [c for c in components(group) if c["type"] == 3]
    offered = [o["value"] for o in select["options"]]
    assert NEAREST not in offered and 0 < len(offered) <= 25
    choice = offered[0]
    text = await press(world, f"ib:linkto:{NAME}", group, world.owner, values=[choice])
    assert text.startswith("**Linked**") and f"(`{choice}`)" in text
    assert answer_title(world, ROBOTS) == choice


async def test_the_buttons_work_on_a_bot_started_after_they_were_sent(make_world, payloads):
    first = await make_world()
    group = await card(first, payloads, first.owner)
    old_guild = first.guild.id
    fresh = await restart(first, make_world)
    text = await press(fresh, f"ib:link:{NAME}:{NEAREST}", group, fresh.owner, guild_id=old_guild)
    assert text.startswith("**Linked**")
    assert answer_title(fresh, ROBOTS) == NEAREST


# ----- who may ---------------------------------------------------------------------------------------------------


async def test_a_member_can_neither_link_nor_dismiss(world, payloads):
    group = await card(world, payloads, world.owner)
    assert await press(world, f"ib:link:{NAME}:{NEAREST}", group, world.alice) == i18n.text("teach.cannot_link")
    assert await press(world, f"ib:linkto:{NAME}", group, world.alice, values=[OTHER]) == i18n.text("teach.cannot_link")
    assert await press(world, f"ib:dismiss:{NAME}", group, world.alice) == i18n.text("teach.cannot_dismiss")
    [message] = await world.say(f'!link "{ROBOTS}" {NEAREST}', raises=commands.CheckFailure)
    assert message.content == CANNOT_USE
    assert answer_title(world, ROBOTS) is None
    assert [g.text for g in await world.bot.service.unanswered_groups(str(world.guild.id))] == [ROBOTS]


async def test_a_server_manager_may_dismiss_in_their_server_but_not_link(world, payloads):
    bob = await manager(world)
    group = await card(world, payloads, bob)
    assert [c["custom_id"] for c in components(group)] == [f"ib:dismiss:{NAME}"]  # no Link buttons for them
    [_, owners] = await unanswered(world, payloads, world.owner)  # the owner's card has them: bob presses there
    assert await press(world, f"ib:link:{NAME}:{NEAREST}", owners, bob, manage_guild=True) == i18n.text(
        "teach.cannot_link"
    )
    [message] = await world.say(f'!link "{ROBOTS}" {NEAREST}', member=bob, raises=commands.CheckFailure)
    assert message.content == CANNOT_USE

    text = await press(world, f"ib:dismiss:{NAME}", group, bob, manage_guild=True)
    assert text.startswith("**Dismissed**") and "this server's list" in text
    assert await world.bot.service.unanswered_groups(str(world.guild.id)) == []
    assert [g.text for g in await world.bot.service.unanswered_groups("another-server")] == []
    [dismissal] = await world.bot.service.store.dismissals(str(world.guild.id))
    assert dismissal.server == str(world.guild.id) and dismissal.dismissed_by == f"bob ({bob.id})"
    assert answer_title(world, ROBOTS) is None  # dismissing teaches nothing


async def test_a_curator_may_link(make_world, payloads):
    world = await make_world(curator_ids=(CURATOR_ID,))
    from discord.ext.test import backend

    carol = backend.make_member(backend.make_user("carol", "0004", id_num=CURATOR_ID), world.guild)
    assert not carol.guild_permissions.manage_guild
    await ask_unanswered(world, ROBOTS)
    [message] = await world.say(f'!link "{ROBOTS}" {OTHER}', member=carol)
    assert message.embeds[0].title == "Linked"
    assert answer_title(world, ROBOTS) == OTHER


async def test_link_command_refuses_with_the_reason(world):
    [message] = await world.say(f'!link "NQ57" {OTHER}', member=world.owner)
    embed = message.embeds[0]
    assert embed.title == "Not linked" and "already a name of Resolution 57" in embed.description
    [message] = await world.say('!link "what is nq57 about" no-such-entry', member=world.owner)
    assert message.embeds[0].title == "Not linked: no such entry"


# ----- /link -----------------------------------------------------------------------------------------------------


async def test_slash_link_and_its_autocomplete(world):
    interaction = slash_interaction(world, "link", {"wording": ROBOTS, "entry": "resol"}, focused="entry")
    await world.bot.tree._call(interaction)
    [[offered], _] = interaction.response.autocomplete.await_args  # type: ignore[attr-defined]
    assert app_commands.Choice(name="Resolution 57 (resolution-57)", value="resolution-57") in offered
    assert len(offered) <= 25

    interaction = slash_interaction(world, "link", {"wording": ROBOTS, "entry": "resolution-57"}, member=world.owner)
    await world.bot.tree._call(interaction)
    [call] = sent_kwargs(interaction.response.send_message)  # type: ignore[arg-type]
    assert call["embed"].title == "Linked" and call["ephemeral"] is True
    assert answer_title(world, ROBOTS) == "resolution-57"


@pytest.mark.parametrize("member", ["alice", "bob"])
async def test_slash_link_is_refused_to_members_and_managers(world, member):
    who = await manager(world) if member == "bob" else world.alice
    interaction = slash_interaction(world, "link", {"wording": ROBOTS, "entry": "resolution-57"}, member=who)
    await world.bot.tree._call(interaction)
    await dpytest.run_all_events()  # the error handler runs as an event
    [call] = sent_kwargs(interaction.response.send_message)  # type: ignore[arg-type]
    assert call["content"] == CANNOT_USE and call["ephemeral"] is True
    assert answer_title(world, ROBOTS) is None


async def test_a_vietnamese_server_gets_the_teaching_buttons_and_refusals_in_vietnamese(world, payloads):
    from tests.handlers.discord_bot.exts.test_language import to_vietnamese

    await ask_unanswered(world, ROBOTS)  # asked in English, before the switch
    await to_vietnamese(world)
    [_, group] = await unanswered(world, payloads, world.owner)
    assert f"gần nhất: {world.bot.service.title_of(NEAREST)} (`{NEAREST}`)" in group["content"]
    labels = {c["custom_id"].split(":")[1]: c.get("label") or c.get("placeholder") for c in components(group)}
    assert labels == {
        "link": f"Gắn vào {world.bot.service.entry_title(NEAREST)}",
        "dismiss": "Bỏ qua",
        "linkto": "Gắn vào mục khác...",
    }
    refusal = await press(world, f"ib:dismiss:{NAME}", group, world.alice)
    assert refusal.startswith("Chỉ chủ bot và người biên tập, hoặc thành viên có quyền Quản lý máy chủ")
