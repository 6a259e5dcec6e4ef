"""Per-server settings: prefix, listening mode, answer channels, cooldowns and language, set with ``!config``.

``config/settings.yaml`` gives the defaults; a server's own values are kept in the store (one row per setting)
and cached in memory, so the prefix lookup on every message costs a dict lookup. A stored value that no longer
validates (an older release, a hand edit) is ignored with a warning: the default applies.

A change made through another process (several sharing a PostgreSQL store) arrives as a notice from the store:
that server's settings are read again, within moments.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from config import Cooldowns, Rate, Settings, visible_prefix
from handlers.i18n import Lang
from handlers.storage import EVERY_SERVER, SETTINGS

if TYPE_CHECKING:
    from handlers.service import Service

log = logging.getLogger(__name__)

MAX_CHANNELS = 25


class Listen(StrEnum):
    MENTIONS = "mentions"  # only when mentioned (and in DMs)
    CHANNELS = "channels"  # also confident answers in the answer channels
    EVERYWHERE = "everywhere"  # confident answers in every channel the bot can read


LISTEN_HELP = {
    Listen.MENTIONS: "only when mentioned",
    Listen.CHANNELS: "when mentioned, and confident answers in the answer channels",
    Listen.EVERYWHERE: "when mentioned, and confident answers in every channel it can read",
}

Prefix = Annotated[
    str,
    StringConstraints(min_length=1, max_length=5, pattern=r"^[^\s`@#<>*_~|\\]+$"),
    AfterValidator(visible_prefix),
]
COOLDOWN_NAMES = tuple(Cooldowns.model_fields)


class _Stored(BaseModel):
    """What a server may override; every field optional (absent: the default)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    prefix: Prefix | None = None
    listen: Listen | None = None
    channels: tuple[int, ...] | None = Field(None, max_length=MAX_CHANNELS)
    cooldowns: dict[str, Rate] | None = None
    language: Lang | None = None


KEYS = tuple(_Stored.model_fields)  # prefix, listen, channels, cooldowns, language
_ADAPTERS = {key: TypeAdapter(_Stored.model_fields[key].annotation) for key in KEYS}


class SettingError(ValueError):
    """A value ``!config`` cannot take; the message says why."""


@dataclass(frozen=True)
class ServerSettings:
    """A server's effective settings, and which of them it set itself."""

    prefix: str
    listen: Listen
    channels: tuple[int, ...]
    cooldowns: Cooldowns
    language: Lang = "en"
    overridden: frozenset[str] = frozenset()

    def listens_in(self, channel: Any) -> bool:
        """Free text in ``channel`` (or a thread of it) gets confident answers without a mention."""
        if self.listen is Listen.EVERYWHERE:
            return True
        if self.listen is Listen.MENTIONS:
            return False
        listed = set(self.channels)
        return getattr(channel, "id", None) in listed or getattr(channel, "parent_id", None) in listed


class ServerSettingsBook:
    """Every server's settings: the defaults, the stored overrides (cached), and the way to change them."""

    def __init__(self, defaults: Settings, service: Service) -> None:
        self.defaults = defaults
        self.service = service
        self._stored: dict[int, _Stored] = {}
        self._effective: dict[int | None, ServerSettings] = {}
        self._from_store = False  # loaded from a readable store (not just defaults, with storage down)
        self._rereads: set[asyncio.Task[None]] = set()
        self._reread_lock = asyncio.Lock()  # re-reads in the order the changes were heard

    @property
    def stale(self) -> bool:
        """Loaded while storage was down, and storage works now: ``load`` again."""
        return not self._from_store and self.service.storage_readable

    async def load(self) -> None:
        """Read every server's stored settings into the cache (and hear the store's notices of changes)."""
        found = await self.service.stored_settings()
        self._from_store = self.service.storage_readable  # after the read: a read that failed leaves it unreadable
        self._stored.clear()
        self._effective.clear()
        for server, values in found.items():
            if server.isdigit():
                self._stored[int(server)] = _parse(server, values)
        await self.service.subscribe(self._heard)

    def _heard(self, topic: str, payload: str) -> None:
        """Another process changed a server's settings (or maybe every server's): read them again."""
        if topic == SETTINGS and (payload == EVERY_SERVER or payload.isdigit()):
            task = asyncio.get_running_loop().create_task(self._reread(payload))
            self._rereads.add(task)
            task.add_done_callback(self._rereads.discard)

    async def _reread(self, server: str) -> None:
        async with self._reread_lock:
            if server == EVERY_SERVER:
                await self.load()
                return
            values = (await self.service.stored_settings(server)).get(server, {})
            if not self.service.storage_readable:
                return  # keep what is cached rather than fall back to the defaults
            guild_id = int(server)
            self._stored[guild_id] = _parse(server, values)
            self._effective.pop(guild_id, None)

    def get(self, guild_id: int | None) -> ServerSettings:
        """The settings in force in a server (None: a DM, where the defaults apply)."""
        found = self._effective.get(guild_id)
        if found is None:
            found = self._effective[guild_id] = self._resolve(guild_id)
        return found

    def _resolve(self, guild_id: int | None) -> ServerSettings:
        d = self.defaults
        own = self._stored.get(guild_id) if guild_id is not None else None
        own = own or _Stored()
        cooldowns = d.cooldowns
        if own.cooldowns:
            cooldowns = cooldowns.model_copy(update={k: v for k, v in own.cooldowns.items() if k in COOLDOWN_NAMES})
        default_listen = Listen.EVERYWHERE if d.answer_all_channels else Listen.CHANNELS
        return ServerSettings(
            prefix=own.prefix or d.prefix,
            listen=own.listen or default_listen,
            channels=own.channels if own.channels is not None else tuple(d.answer_channels),
            cooldowns=cooldowns,
            language=own.language or d.language,
            overridden=frozenset(k for k in KEYS if getattr(own, k) is not None),
        )

    async def set(self, guild_id: int, key: str, value: Any) -> bool:
        """Validate and store one setting (None: back to the default). False when it could not be stored."""
        if key not in KEYS:
            raise SettingError(f"unknown setting {key!r} (known: {', '.join(KEYS)})")
        value = validate(key, value) if value is not None else None
        stored = _json(value)
        if not await self.service.put_setting(str(guild_id), key, stored):
            return False
        current = self._stored.get(guild_id) or _Stored()
        self._stored[guild_id] = current.model_copy(update={key: value})
        self._effective.pop(guild_id, None)
        return True

    async def set_cooldown(self, guild_id: int, name: str, rate: Rate | None) -> bool:
        if name not in COOLDOWN_NAMES:
            raise SettingError(f"unknown cooldown {name!r} (known: {', '.join(COOLDOWN_NAMES)})")
        own = dict((self._stored.get(guild_id) or _Stored()).cooldowns or {})
        if rate is None:
            own.pop(name, None)
        else:
            own[name] = rate
        return await self.set(guild_id, "cooldowns", own or None)


def _parse(server: str, values: dict[str, Any]) -> _Stored:
    """A server's stored settings; a value that no longer validates is ignored (the default applies)."""
    stored: dict[str, Any] = {}
    for key, value in values.items():
        try:
            stored[key] = validate(key, value)
        except SettingError as exc:
            log.warning("Ignoring server %s's stored %s: %s", server, key, exc)
    return _Stored(**stored)


def validate(key: str, value: Any) -> Any:
    try:
        return _ADAPTERS[key].validate_python(value)
    except ValidationError as exc:
        reasons = "; ".join(e["msg"] for e in exc.errors(include_url=False))
        raise SettingError(reasons) from None


def _json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: v.model_dump() if isinstance(v, BaseModel) else v for k, v in value.items()}
    if isinstance(value, tuple):
        return list(value)
    return str(value) if isinstance(value, StrEnum) else value
