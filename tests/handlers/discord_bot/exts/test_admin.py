"""Owner commands: !sync (never on start) and !reload (a broken edit keeps the running base)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from unittest.mock import AsyncMock, MagicMock

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import backend

from config import ROOT
from handlers.service import Service
from tests.handlers.discord_bot.conftest import make_settings, sent


@pytest.fixture
def tree_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, MagicMock]:
    """CommandTree.sync/copy_global_to/clear_commands, recorded instead of reaching Discord."""
    calls = {
        "sync": AsyncMock(return_value=[object()] * 7),
        "copy_global_to": MagicMock(),
        "clear_commands": MagicMock(),
    }
    for name, mock in calls.items():
        monkeypatch.setattr(discord.app_commands.CommandTree, name, mock)
    return calls


async def test_slash_commands_are_never_synced_on_start(tree_calls, make_world):
    world = await make_world()
    world.bot._connection.application_id = 1
    await world.bot.on_ready()
    tree_calls["sync"].assert_not_awaited()


async def test_sync_copies_the_global_commands_to_this_server(world, tree_calls):
    [message] = await world.say("!sync", member=world.owner)
    tree_calls["copy_global_to"].assert_called_once_with(guild=world.guild)
    tree_calls["sync"].assert_awaited_once_with(guild=world.guild)
    assert message.content == "Synced 7 slash command(s) to this server."


async def test_sync_global(world, tree_calls):
    [message] = await world.say("!sync global", member=world.owner)
    tree_calls["sync"].assert_awaited_once_with()
    tree_calls["copy_global_to"].assert_not_called()
    assert "globally" in message.content


async def test_sync_clear_empties_this_servers_commands(world, tree_calls):
    [message] = await world.say("!sync clear", member=world.owner)
    tree_calls["clear_commands"].assert_called_once_with(guild=world.guild)
    tree_calls["sync"].assert_awaited_once_with(guild=world.guild)
    assert message.content.startswith("Cleared")


async def test_sync_in_a_dm_asks_for_a_server(world, tree_calls):
    dm = await world.owner.create_dm()
    await dpytest.message("!sync", channel=dm, member=world.owner)
    [message] = sent()
    assert "in a server" in message.content
    tree_calls["sync"].assert_not_awaited()


async def test_only_owners_sync(world, tree_calls):
    await world.say("!sync global", member=world.alice, raises=commands.NotOwner)
    tree_calls["sync"].assert_not_awaited()


def test_sync_is_a_prefix_command_only(world):
    assert world.bot.tree.get_command("sync") is None
    assert world.bot.tree.get_command("reload") is None


# ----- reload ------------------------------------------------------------------------------------------------------


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder, ignore=shutil.ignore_patterns("*.py", "__pycache__", "*.md"))
    return folder


def first_policy_name_line(path: Path) -> tuple[int, str]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(r"^    name: \S", line):
            return number, line
    raise AssertionError("no policy name found")


async def reload_world(make_world, folder: Path):
    settings = make_settings(knowledge_dir=str(folder))
    return await make_world(service=Service.start(settings), knowledge_dir=str(folder))


async def test_reload_with_a_broken_file_keeps_the_running_base_and_names_file_line_and_field(
    make_world, knowledge_copy
):
    world = await reload_world(make_world, knowledge_copy)
    running = world.bot.service.engine
    policies = knowledge_copy / "policies.yaml"
    number, line = first_policy_name_line(policies)
    name = line.split(": ", 1)[1]
    lines = policies.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = "    name:"  # a policy without a name
    policies.write_text("\n".join(lines) + "\n", encoding="utf-8")

    [message] = await world.say("!reload", member=world.owner)
    embed = message.embeds[0]
    assert embed.title == "Reload failed: the running knowledge base is kept"
    assert re.search(rf"policies\.yaml:{number}: policies\[0\]\.name: ", embed.description)
    assert embed.colour.value == world.bot.settings.colours.for_kind("error")
    assert world.bot.service.engine is running
    [still] = await world.say(f"!policy {name}")
    assert still.embeds[0].title == name


async def test_reload_with_a_yaml_syntax_error_names_the_line(make_world, knowledge_copy):
    world = await reload_world(make_world, knowledge_copy)
    quotes = knowledge_copy / "quotes.yaml"
    quotes.write_text(quotes.read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8")
    [message] = await world.say("!reload", member=world.owner)
    assert re.search(r"quotes\.yaml:\d+(:\d+)?: YAML syntax error", message.embeds[0].description)


async def test_an_owner_reloads_and_everyone_sees_the_edit(make_world, knowledge_copy):
    world = await reload_world(make_world, knowledge_copy)
    policies = knowledge_copy / "policies.yaml"
    number, _ = first_policy_name_line(policies)
    lines = policies.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = "    name: Quokka Charter of Testing"
    policies.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [message] = await world.say("!reload", member=world.owner)
    assert message.embeds[0].title == "Knowledge reloaded"
    [edited] = await world.say("!policy Quokka Charter of Testing")
    assert edited.embeds[0].title == "Quokka Charter of Testing"


async def test_a_server_manager_cannot_reload_the_base_every_server_shares(make_world, knowledge_copy):
    world = await reload_world(make_world, knowledge_copy)
    running = world.bot.service.engine
    managers = backend.make_role("managers", world.guild, permissions=discord.Permissions(manage_guild=True).value)
    await dpytest.add_role(world.bob, managers)
    for member in (world.alice, world.bob):
        await world.say("!reload", member=member, raises=commands.CheckFailure)
    assert world.bot.service.engine is running
