"""A real discord.py bot driven by dpytest: a guild with #general, #answers (a listed channel), two members and
an owner. No token, no network: dpytest stands in for Discord's HTTP API and gateway.

dpytest 0.7.0 works with discord.py 2.7 when the bot has all intents; ``_async_setup_hook`` must run before
``dpytest.configure``. dpytest raises a command's error from ``dpytest.message`` after our handler ran, so
``World.say`` takes the error a message is expected to raise.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from discord.ext.test import backend, factories

from config import Cooldowns, Pagination, Rate, Settings
from handlers.core.engine import Engine
from handlers.discord_bot.bot import IndustryBot, create_bot
from handlers.service import Service

ANSWERS_CHANNEL_ID = 1_100_000_000_000_000_001
OWNER_ID = 1_100_000_000_000_000_002
GENEROUS = Rate(rate=1000, per=60)


def make_settings(**overrides: Any) -> Settings:
    data: dict[str, Any] = {
        "answer_channels": (ANSWERS_CHANNEL_ID,),
        "owner_ids": (OWNER_ID,),
        "cooldowns": Cooldowns(
            commands_per_user=GENEROUS,
            answers_per_user=GENEROUS,
            answers_per_channel=GENEROUS,
            commands_per_channel=GENEROUS,
        ),
        "pagination": Pagination(page_size=5, timeout=60),
    }
    return Settings(**{**data, **overrides})


@dataclass
class World:
    bot: IndustryBot
    guild: discord.Guild
    general: discord.TextChannel
    answers: discord.TextChannel
    alice: discord.Member
    bob: discord.Member
    owner: discord.Member

    @property
    def me(self) -> discord.Member:
        return self.guild.me

    def deny_bot(self, channel: discord.TextChannel, **denied: bool) -> None:
        """A channel overwrite for the bot's member, e.g. ``embed_links=False``.

        (dpytest's own set_permission_overrides writes overwrite types discord.py 2 no longer reads.)
        """
        allow, deny = discord.PermissionOverwrite(**denied).pair()
        data = factories.dict_from_channel(channel)
        data["permission_overwrites"] = [
            {"id": self.me.id, "type": 1, "allow": str(allow.value), "deny": str(deny.value)}
        ]
        backend.get_state().parse_channel_update(data)
        assert all(getattr(channel.permissions_for(self.me), name) == value for name, value in denied.items())

    @property
    def mention(self) -> str:
        assert self.bot.user is not None
        return f"<@{self.bot.user.id}>"

    async def say(
        self,
        content: str,
        channel: Any = None,
        member: Any = None,
        *,
        raises: type[Exception] | None = None,
    ) -> list[discord.Message]:
        """``member`` (alice) types ``content`` in ``channel`` (#general); what the bot sent in return."""
        try:
            await dpytest.message(content, channel=channel or self.general, member=member or self.alice)
        except commands.CommandError as exc:
            if raises is None or not isinstance(exc, raises):
                raise
        else:
            assert raises is None, f"{content!r} was expected to raise {raises.__name__}"
        return sent()


def sent() -> list[discord.Message]:
    """Every message the bot sent since the last call, oldest first."""
    out = []
    while not dpytest.sent_queue.empty():
        out.append(dpytest.get_message())
    return out


MakeWorld = Callable[..., Awaitable[World]]


@pytest.fixture
async def make_world(engine: Engine) -> AsyncIterator[MakeWorld]:
    bots: list[IndustryBot] = []

    async def make(
        *, service: Service | None = None, intents: discord.Intents | None = None, **overrides: Any
    ) -> World:
        settings = make_settings(**overrides)
        service = service or Service(settings, engine)
        bot = create_bot(settings, service, intents=intents or discord.Intents.all())
        assert isinstance(bot, IndustryBot)
        bots.append(bot)
        await bot._async_setup_hook()
        dpytest.configure(
            bot, guilds=["Test Guild"], text_channels=["general"], voice_channels=0, members=["alice", "bob"]
        )
        config = dpytest.get_config()
        guild = config.guilds[0]
        answers = backend.make_text_channel("answers", guild, id_num=ANSWERS_CHANNEL_ID)
        owner = backend.make_member(backend.make_user("owner", "0003", id_num=OWNER_ID), guild)
        await bot.setup_hook()
        assert not bot.failed_extensions
        alice, bob = config.members
        return World(bot, guild, config.channels[0], answers, alice, bob, owner)

    yield make
    await dpytest.empty_queue()
    for bot in bots:
        bot.ws = None  # type: ignore[assignment]  # dpytest's fake gateway cannot close; nothing else is open
        await bot.close()


@pytest.fixture
async def world(make_world: MakeWorld) -> World:
    return await make_world()


@pytest.fixture
def payloads(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The JSON payload of every message sent through discord.py's Messageable.send (what Discord would get)."""
    captured: list[dict[str, Any]] = []
    real = discord.abc.handle_message_parameters

    def spy(*args: Any, **kwargs: Any) -> Any:
        params = real(*args, **kwargs)
        captured.append(params.payload or {})
        return params

    monkeypatch.setattr(discord.abc, "handle_message_parameters", spy)
    return captured


def interaction_payload(
    world: World,
    kind: int,
    data: dict[str, Any],
    *,
    member: discord.Member | None = None,
    channel: discord.abc.GuildChannel | None = None,
    app_permissions: discord.Permissions | None = None,
) -> dict[str, Any]:
    """An INTERACTION_CREATE payload of type ``kind`` (2 command, 3 component, 4 autocomplete) by ``member``
    (alice) in ``channel`` (#general), as the gateway would deliver it."""
    member = member or world.alice
    channel = channel or world.general
    assert world.bot.user is not None
    return {
        "id": str(discord.utils.time_snowflake(discord.utils.utcnow())),  # a fresh interaction, not expired
        "application_id": str(world.bot.user.id),
        "type": kind,
        "token": "interaction-token",
        "version": 1,
        "attachment_size_limit": 8_000_000,
        "guild_id": str(world.guild.id),
        "channel": {"id": str(channel.id), "type": 0},
        "channel_id": str(channel.id),
        "member": {
            "user": {"id": str(member.id), "username": member.name, "discriminator": "0001", "avatar": None},
            "roles": [],
            "flags": 0,
            "joined_at": "2024-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "permissions": str(discord.Permissions.text().value),
        },
        "app_permissions": str((app_permissions or discord.Permissions.text()).value),
        "locale": "en-US",
        "guild_locale": "en-US",
        "data": data,
    }


def slash_interaction(
    world: World,
    command: str,
    options: dict[str, str] | None = None,
    *,
    focused: str | None = None,
    member: discord.Member | None = None,
    app_permissions: discord.Permissions | None = None,
) -> discord.Interaction:
    """A real discord.Interaction, as the gateway would deliver it, for ``/command option:value ...``.

    With ``focused`` it is an autocomplete interaction for that option. Its ``response`` is a MockInteractionResponse
    (``send_message``, ``autocomplete`` record what the bot answered): the one part that would reach Discord.
    """
    from unittest.mock import MagicMock

    from tests.helpers import MockInteractionResponse

    options_data = [
        {"name": k, "type": 3, "value": v, **({"focused": True} if k == focused else {})}
        for k, v in (options or {}).items()
    ]
    data = interaction_payload(
        world,
        4 if focused else 2,
        {"id": "1", "name": command, "type": 1, "options": options_data},
        member=member,
        app_permissions=app_permissions,
    )
    interaction = discord.Interaction(data=data, state=world.bot._connection)  # type: ignore[arg-type]
    response = MockInteractionResponse()
    response.send_message.return_value = MagicMock(resource=MagicMock(spec=discord.InteractionMessage))
    interaction._cs_response = response  # type: ignore[attr-defined]
    return interaction


def component_interaction(
    world: World,
    custom_id: str,
    message: dict[str, Any],
    *,
    member: discord.Member | None = None,
    channel: discord.abc.GuildChannel | None = None,
) -> discord.Interaction:
    """A real discord.Interaction for a press of the button ``custom_id`` under ``message`` (a message payload with
    its ``components``, see ``message_payload``), by ``member`` (alice), as the gateway would deliver it.

    Its ``response`` is a MockInteractionResponse, as in ``slash_interaction``.
    """
    from tests.helpers import MockInteractionResponse

    data = interaction_payload(
        world, 3, {"component_type": 2, "custom_id": custom_id}, member=member, channel=channel or world.answers
    )
    data["message"] = message
    interaction = discord.Interaction(data=data, state=world.bot._connection)  # type: ignore[arg-type]
    interaction._cs_response = MockInteractionResponse()  # type: ignore[attr-defined]
    return interaction


def message_payload(message: discord.Message, components: list[dict[str, Any]]) -> dict[str, Any]:
    """The payload of a message the bot sent, with the ``components`` it was sent with (dpytest keeps none)."""
    return {
        **factories.dict_from_message(message),
        "channel_id": str(message.channel.id),
        "timestamp": message.created_at.isoformat(),
        "flags": 0,
        "components": components,
    }


async def press(world: World, interaction: discord.Interaction) -> None:
    """Dispatch a component interaction as discord.py does on INTERACTION_CREATE, and wait for its callbacks."""
    import asyncio

    data = interaction.data
    assert data is not None
    before = asyncio.all_tasks()
    world.bot._connection._view_store.dispatch_view(2, str(data["custom_id"]), interaction)  # type: ignore[typeddict-item]
    started = [t for t in asyncio.all_tasks() - before if t.get_name().startswith("discord-ui-")]
    await asyncio.gather(*started)


async def restart(world: World, make_world: MakeWorld, **overrides: Any) -> World:
    """Close ``world``'s bot and start a new one on the same data folder: a restart. (dpytest makes the new bot a new
    guild; what the old bot stored for ``world.guild`` is looked up by that guild's id.)"""
    world.bot.ws = None  # type: ignore[assignment]  # dpytest's fake gateway cannot close
    await world.bot.close()
    assert not world.bot.service.store.readable
    fresh = await make_world(**overrides)
    assert fresh.bot is not world.bot and fresh.bot.service.store.available
    return fresh


@pytest.fixture
async def broken_store(tmp_path: Any) -> AsyncIterator[Any]:
    """A SQLiteStore opened on a file that is not a database: unavailable, as the bot finds a damaged file.

    Pass it to a Service (``make_world(service=Service(make_settings(), engine, store=broken_store))``).
    """
    from handlers.storage.sqlite import SQLiteStore

    path = tmp_path / "broken" / "industrybot.sqlite3"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database\n" * 100)
    store = await SQLiteStore.open(path)
    assert not store.available and not store.readable and store.problem and "damaged" in store.problem
    yield store
    await store.close()
