"""The engine's commands on Discord: as prefix commands through dpytest, as slash commands through the app command
tree and through their callbacks, and their autocomplete."""

from __future__ import annotations

import discord
import discord.ext.test as dpytest
import pytest
from discord import app_commands
from discord.ext.test import backend

from handlers.core.commands import COMMANDS
from handlers.core.reply import Kind
from handlers.discord_bot.exts.commands import MAX_CHOICES, choices
from tests.handlers.discord_bot.conftest import slash_interaction
from tests.helpers import MockContext, MockInteraction, sent_kwargs

# (what alice types, the engine command and its argument text)
CASES = [
    ("!help", "help", ""),
    ("!policy resolution 57", "policy", "resolution 57"),
    ("!quote Le Thai Ha", "quote", "Le Thai Ha"),
    ("!compare 4.0 5.0", "compare", "4.0 5.0"),
    ("!ask what is Industry 5.0?", "ask", "what is Industry 5.0?"),
    ("!sources", "sources", ""),
    ("!about", "about", ""),
]


@pytest.mark.parametrize(("typed", "name", "args"), CASES, ids=[c[1] for c in CASES])
async def test_each_command_replies_with_the_engines_embed(world, payloads, typed, name, args):
    expected = world.bot.service.execute(name, args).reply.for_prefix("!")
    messages = await world.say(typed)
    assert len(messages) == 1
    embed = messages[0].embeds[0]
    assert embed.title == expected.title
    assert embed.colour.value == world.bot.settings.colours.for_kind(str(expected.kind))
    if expected.body:
        assert embed.description.startswith(expected.body[:200])
    for citation in expected.citations[:1]:
        assert citation.title in embed.footer.text
    # A reply to alice's message that pings nobody.
    assert "message_reference" in payloads[-1]
    assert payloads[-1]["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_policy_shows_the_policy_with_its_source(world):
    [message] = await world.say("!policy resolution 57")
    embed = message.embeds[0]
    assert embed.title == "Resolution 57"
    assert embed.colour.value == world.bot.settings.colours.for_kind("policy")
    assert any(f.name == "Key points" for f in embed.fields)
    assert embed.footer.text.startswith("Source: ")


async def test_compare_puts_each_aspect_in_a_field_with_both_sides(world):
    [message] = await world.say("!compare 4.0 5.0")
    embed = message.embeds[0]
    assert embed.colour.value == world.bot.settings.colours.for_kind("comparison")
    reply = world.bot.service.execute("compare", "4.0 5.0").reply.for_prefix("!")
    assert reply.table is not None
    assert [f.name for f in embed.fields] == [row[0] for row in reply.table.rows]
    for field in embed.fields:
        assert "**Industry 4.0:**" in field.value and "**Industry 5.0:**" in field.value


async def test_sources_lists_the_four_articles(world):
    [message] = await world.say("!sources")
    bullets = [line for line in message.embeds[0].description.splitlines() if line.startswith("• ")]
    assert len(bullets) == 4


async def test_help_lists_every_command(world):
    [message] = await world.say("!help")
    names = [f.name.split()[0] for f in message.embeds[0].fields]
    assert names == [f"!{c.name}" for c in COMMANDS]


async def test_help_shows_server_managers_their_commands_too(world):
    managers = backend.make_role("managers", world.guild, permissions=discord.Permissions(manage_guild=True).value)
    await dpytest.add_role(world.bob, managers)
    [message] = await world.say("!help", member=world.bob)
    extra = message.embeds[0].fields[-1]
    assert extra.name == "For server managers"
    assert [line.split()[0] for line in extra.value.splitlines()] == [
        "`!unanswered", "`!stats", "`!config`:", "`!forget"
    ]  # fmt: skip
    assert all(f"`!{name}" in extra.value and world.bot.get_command(name) for name in ("unanswered", "stats", "config"))


async def test_aliases_and_case_work_like_the_command(world):
    [plain] = await world.say("!policy resolution 57")
    [alias] = await world.say("!policies resolution 57")
    [shout] = await world.say("!POLICY resolution 57")
    assert plain.embeds[0].title == alias.embeds[0].title == shout.embeds[0].title == "Resolution 57"


async def test_a_long_list_comes_as_pages_with_buttons(world, payloads):
    policies = world.bot.service.engine.knowledge.policies
    assert len(policies) > 5  # page_size is 5 in the test settings
    [message] = await world.say("!policy")
    embed = message.embeds[0]
    pages = -(-len(policies) // 5)
    assert embed.footer.text.endswith(f"Page 1/{pages}")
    assert embed.description.count("• ") == 5
    buttons = [c for row in payloads[-1]["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == ["Previous", "Next"]
    assert buttons[0].get("disabled") is True and not buttons[1].get("disabled")


# ----- slash commands ----------------------------------------------------------------------------------------------


def test_every_command_is_also_a_slash_command_with_the_engines_description(world):
    for command in COMMANDS:
        slash = world.bot.tree.get_command(command.name)
        assert isinstance(slash, app_commands.Command), command.name
        assert slash.description == command.description[:100]


def test_slash_parameters_and_autocomplete_are_wired(world):
    def param(command: str, name: str) -> app_commands.Parameter:
        slash = world.bot.tree.get_command(command)
        assert isinstance(slash, app_commands.Command)
        return next(p for p in slash.parameters if p.name == name)

    assert param("ask", "question").required
    for command, name in [("help", "command"), ("policy", "name"), ("quote", "speaker"), ("compare", "things")]:
        p = param(command, name)
        assert not p.required and p.autocomplete, (command, name)


async def test_slash_policy_through_the_app_command_tree(world):
    interaction = slash_interaction(world, "policy", {"name": "resolution 57"})
    await world.bot.tree._call(interaction)
    [call] = sent_kwargs(interaction.response.send_message)
    assert call["embed"].title == "Resolution 57"
    assert call["allowed_mentions"].everyone is False and call["allowed_mentions"].roles is False


async def test_slash_responses_embed_even_where_the_bot_lacks_embed_links(world):
    # Interaction responses may always embed (discord.py's Context.bot_permissions says so): no needless fallback.
    no_embeds = discord.Permissions.text()
    no_embeds.embed_links = False
    interaction = slash_interaction(world, "policy", {"name": "resolution 57"}, app_permissions=no_embeds)
    await world.bot.tree._call(interaction)
    [call] = sent_kwargs(interaction.response.send_message)
    assert call["embed"].title == "Resolution 57"


@pytest.mark.parametrize(("name", "args"), [(n, a) for _, n, a in CASES])
async def test_slash_callbacks_send_the_engines_reply_as_the_interaction_response(world, name, args):
    cog = world.bot.get_cog("Commands")
    command = world.bot.get_command(name)
    ctx = MockContext(bot=world.bot, interaction=MockInteraction(), author=world.alice)
    kwargs = {command.clean_params and next(iter(command.clean_params)): args} if command.clean_params else {}
    await command.callback(cog, ctx, **kwargs)
    ctx.reply.assert_not_awaited()  # an interaction is answered, not replied to
    [call] = sent_kwargs(ctx.send)
    expected = world.bot.service.execute(name, args).reply.for_prefix("!")
    assert call["embed"].title == expected.title
    assert call["allowed_mentions"].everyone is False


# ----- autocomplete ------------------------------------------------------------------------------------------------


async def test_policy_autocomplete_offers_matching_policies(world):
    cog = world.bot.get_cog("Commands")
    found = await cog.policy_autocomplete(MockInteraction(), "resol")
    assert found and found[0] == app_commands.Choice(name="Resolution 57", value="Resolution 57")
    everything = await cog.policy_autocomplete(MockInteraction(), "")
    assert len(everything) == min(MAX_CHOICES, len(world.bot.service.engine.knowledge.policies))


async def test_quote_and_compare_autocomplete(world):
    cog = world.bot.get_cog("Commands")
    speakers = [c.value for c in await cog.quote_autocomplete(MockInteraction(), "thai")]
    assert "Le Thai Ha" in speakers
    pairs = [c.value for c in await cog.compare_autocomplete(MockInteraction(), "5.0")]
    assert "Industry 4.0 vs Industry 5.0" in pairs
    # The value is what the command gets back: it must compare.
    assert world.bot.service.execute("compare", pairs[0]).reply.for_prefix("!").kind is Kind.COMPARISON


async def test_help_autocomplete_offers_command_names(world):
    cog = world.bot.get_cog("Commands")
    assert [c.value for c in await cog.help_autocomplete(MockInteraction(), "pol")] == ["policy"]
    assert [c.value for c in await cog.help_autocomplete(MockInteraction(), "")] == [c.name for c in COMMANDS]
    assert [c.value for c in await cog.help_autocomplete(MockInteraction(), "our")] == ["sources"]


async def test_autocomplete_through_the_app_command_tree(world):
    interaction = slash_interaction(world, "quote", {"speaker": "santiago"}, focused="speaker")
    await world.bot.tree._call(interaction)
    [[offered], _] = interaction.response.autocomplete.await_args
    assert app_commands.Choice(name="Fernando Santiago", value="Fernando Santiago") in offered


def test_choices_respect_discords_limits():
    made = choices([f"{i} " + "x" * 150 for i in range(40)])
    assert len(made) == 25
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in made)
