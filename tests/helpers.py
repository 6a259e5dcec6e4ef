"""Mocks of discord.py objects, in the style of python-discord/bot's tests/helpers.py.

Each mock is a ``MagicMock(spec_set=...)`` of a real discord.py object (or class), so a test that touches an
attribute discord.py does not have fails instead of passing silently; coroutine methods become ``AsyncMock``.
"""

from __future__ import annotations

import itertools
from typing import Any
from unittest.mock import AsyncMock, MagicMock

import discord
from discord.ext import commands

_ids = itertools.count(1_200_000_000_000_000_000)


def next_id() -> int:
    return next(_ids)


class CustomMockMixin:
    """Children of a spec'd mock are plain MagicMocks (AsyncMock for coroutines), not more spec'd mocks."""

    child_mock_type = MagicMock
    spec_set: Any = None

    def __init__(self, **kwargs: Any) -> None:
        name = kwargs.pop("name", None)  # `name` means something else to Mock
        super().__init__(spec_set=self.spec_set, **kwargs)  # type: ignore[call-arg]
        if name is not None:
            self.name = name

    def _get_child_mock(self, **kw: Any) -> MagicMock:
        if kw.get("_new_name") in self.__dict__.get("_spec_asyncs", ()):
            return AsyncMock(**kw)
        return self.child_mock_type(**kw)


# Real instances to take specs from, where the class alone lacks instance attributes.
_state = MagicMock()
_context_instance = commands.Context(message=MagicMock(), prefix="!", bot=MagicMock(), view=None)


class MockUser(CustomMockMixin, MagicMock):
    spec_set = discord.User

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"id": next_id(), "bot": False, "name": "user", **kwargs})
        self.mention = f"<@{self.id}>"


class MockMember(CustomMockMixin, MagicMock):
    spec_set = discord.Member

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"id": next_id(), "bot": False, "name": "member", **kwargs})
        self.mention = f"<@{self.id}>"


class MockGuild(CustomMockMixin, MagicMock):
    spec_set = discord.Guild

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"id": next_id(), "name": "guild", **kwargs})


class MockTextChannel(CustomMockMixin, MagicMock):
    spec_set = discord.TextChannel

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"id": next_id(), "name": "channel", "type": discord.ChannelType.text, **kwargs})


class MockMessage(CustomMockMixin, MagicMock):
    spec_set = discord.Message

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"id": next_id(), "content": "", **kwargs})


class MockInteractionResponse(CustomMockMixin, MagicMock):
    spec_set = discord.InteractionResponse

    def __init__(self, *, done: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.is_done.return_value = done


class MockWebhook(CustomMockMixin, MagicMock):
    spec_set = discord.Webhook


class MockInteraction(CustomMockMixin, MagicMock):
    """A slash command or button interaction by ``user``; ``response`` and ``followup`` record what is sent."""

    spec_set = discord.Interaction

    def __init__(self, *, done: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if "user" not in kwargs:
            self.user = MockMember()
        self.response = MockInteractionResponse(done=done)
        self.followup = MockWebhook()
        self.data = {}


class MockContext(CustomMockMixin, MagicMock):
    """A command context; ``interaction`` set makes it a slash invocation. ``send``/``reply`` are AsyncMocks."""

    spec_set = _context_instance

    def __init__(self, **kwargs: Any) -> None:
        defaults: dict[str, Any] = {
            "author": MockMember(),
            "guild": MockGuild(),
            "channel": MockTextChannel(),
            "message": MockMessage(),
            "interaction": None,
            "prefix": "!",
            "bot_permissions": discord.Permissions.text(),
        }
        super().__init__(**{**defaults, **kwargs})


def sent_kwargs(mock: AsyncMock) -> list[dict[str, Any]]:
    """The keyword arguments of every call to ``mock`` (a ``send``-like AsyncMock)."""
    return [dict(call.kwargs) for call in mock.await_args_list]


def ask(service: Any, text: str, addressed: bool = True, prefix: str | None = None) -> Any:
    """The reply to ``text`` through the one path, ``Service.respond`` (None: silence), with the prefix filled in
    as an edge shows it."""
    reply = service.respond(text, addressed=addressed, prefix=prefix).reply
    return reply.for_prefix(prefix or service.settings.prefix) if reply is not None else None
