"""The runner: fatal errors as one line and exit 1, the Message Content intent fallback, a clean SIGTERM.

Discord's login and gateway are replaced (``IndustryBot.login`` / ``connect``): no token, no network.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
from typing import Any

import aiohttp
import discord
import pytest

from handlers.discord_bot import runner
from handlers.discord_bot.bot import IndustryBot, ShardedIndustryBot, create_bot
from handlers.service import Service
from tests.handlers.discord_bot.conftest import make_settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.fake.not-a-real-token-at-all"


@pytest.fixture(autouse=True)
def no_logging_setup(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """discord.utils.setup_logging would add a handler to the root logger on every test: record the level."""
    levels: list[int] = []
    monkeypatch.setattr(discord.utils, "setup_logging", lambda **kwargs: levels.append(kwargs.get("level")))
    return levels


@pytest.fixture
def service(engine: Any) -> Service:
    settings = make_settings(token=TOKEN)
    return Service(settings, engine)


def fake_gateway(monkeypatch: pytest.MonkeyPatch, connect: Any) -> list[IndustryBot]:
    """Replace login (no HTTP) and connect (no gateway); return the bots that connected."""
    connected: list[IndustryBot] = []

    async def login(self: IndustryBot, token: str) -> None:
        assert token == TOKEN

    async def recording_connect(self: IndustryBot, *, reconnect: bool = True) -> None:
        connected.append(self)
        await connect(self)

    monkeypatch.setattr(IndustryBot, "login", login)
    monkeypatch.setattr(IndustryBot, "connect", recording_connect)
    return connected


def test_an_invalid_token_exits_1_with_one_line_and_no_traceback(monkeypatch, capsys, caplog, no_logging_setup):
    async def login(self: IndustryBot, token: str) -> None:
        raise discord.LoginFailure("Improper token has been passed.")

    monkeypatch.setattr(IndustryBot, "login", login)
    with caplog.at_level(logging.DEBUG):
        code = runner.run_discord(make_settings(token=TOKEN, log_level="WARNING"))
    out, err = capsys.readouterr()
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "DISCORD_TOKEN" in err
    assert "Traceback" not in err + out
    assert TOKEN not in err + out + caplog.text
    assert no_logging_setup == [logging.WARNING]


def test_no_token_exits_1(capsys):
    assert runner.run_discord(make_settings(token=None)) == 1
    assert "DISCORD_TOKEN" in capsys.readouterr().err


def test_shard_ids_without_a_shard_count_exit_1(capsys):
    assert runner.run_discord(make_settings(token=TOKEN, shard_ids=(0,))) == 1
    assert "SHARD_COUNT" in capsys.readouterr().err


def test_a_broken_knowledge_base_exits_1_listing_the_errors(tmp_path, capsys):
    (tmp_path / "facts.yaml").write_text("facts: [unclosed\n", encoding="utf-8")
    assert runner.run_discord(make_settings(token=TOKEN, knowledge_dir=str(tmp_path))) == 1
    assert "facts.yaml" in capsys.readouterr().err


async def test_without_the_message_content_intent_it_warns_once_and_reconnects_without_it(monkeypatch, service, caplog):
    async def connect(bot: IndustryBot) -> None:
        if bot.intents.message_content:
            raise discord.PrivilegedIntentsRequired(None)

    async def connect_and_check(bot: IndustryBot) -> None:
        await connect(bot)
        stores.append(bot.service.store.available)  # the bot that does connect can record

    stores: list[bool] = []
    connected = fake_gateway(monkeypatch, connect_and_check)
    with caplog.at_level(logging.WARNING):
        assert await runner.serve(service.settings, service) == 0
    assert [bot.intents.message_content for bot in connected] == [True, False] and stores == [True]
    assert not service.store.readable  # closed when the bot stopped
    assert connected[1].intents.value | discord.Intents(message_content=True).value == connected[0].intents.value
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    text = warnings[0].getMessage()
    assert "Message Content Intent" in text and "Developer Portal" in text
    assert "free text" in text and "prefix commands" in text and "Slash commands" in text


async def test_a_refused_intent_without_message_content_exits_1(monkeypatch, service, capsys):
    async def connect(bot: IndustryBot) -> None:
        raise discord.PrivilegedIntentsRequired(None)

    connected = fake_gateway(monkeypatch, connect)
    assert await runner.serve(service.settings, service) == 1
    assert len(connected) == 2 and len(capsys.readouterr().err.strip().splitlines()) == 1


async def test_discord_unreachable_exits_1_with_one_line(monkeypatch, service, capsys):
    async def connect(bot: IndustryBot) -> None:
        raise aiohttp.ClientConnectionError("Cannot connect to host discord.com:443")

    fake_gateway(monkeypatch, connect)
    assert await runner.serve(service.settings, service) == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot reach Discord") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
async def test_a_stop_signal_closes_the_connection_cleanly(monkeypatch, service, sig):
    before = signal.getsignal(sig)

    async def connect(bot: IndustryBot) -> None:
        # Only signal ourselves once the runner's handler is in place (else the signal would end the test run).
        assert signal.getsignal(sig) not in (before, signal.SIG_DFL, signal.SIG_IGN, None)
        asyncio.get_running_loop().call_later(0.05, os.kill, os.getpid(), sig)
        while not bot.is_closed():  # what discord.py's connect does: run until closed
            await asyncio.sleep(0.01)

    connected = fake_gateway(monkeypatch, connect)
    assert await asyncio.wait_for(runner.serve(service.settings, service), timeout=5) == 0
    [bot] = connected
    assert bot.is_closed()
    assert signal.getsignal(sig) in (signal.SIG_DFL, signal.default_int_handler)  # the handler is removed afterwards


async def test_shard_settings_run_an_auto_sharded_bot(monkeypatch, engine):
    settings = make_settings(token=TOKEN, shard_count=3, shard_ids=(1, 2))
    made: list[IndustryBot] = []

    def factory(*args: Any, **kwargs: Any) -> IndustryBot:
        bot = create_bot(*args, **kwargs)
        made.append(bot)
        return bot

    async def connect(bot: IndustryBot) -> None:
        return None

    fake_gateway(monkeypatch, connect)
    assert await runner.serve(settings, Service(settings, engine), factory=factory) == 0
    [bot] = made
    assert isinstance(bot, ShardedIndustryBot)
    assert (bot.shard_count, bot.shard_ids) == (3, [1, 2])


# ----- logs ----------------------------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_logs_are_plain_when_not_on_a_terminal_and_coloured_on_one(monkeypatch):
    used: list[dict[str, Any]] = []
    monkeypatch.setattr(discord.utils, "setup_logging", lambda **kwargs: used.append(kwargs))
    monkeypatch.delenv("NO_COLOR", raising=False)
    runner.setup_logging("INFO", io.StringIO())
    runner.setup_logging("INFO", Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    runner.setup_logging("INFO", Terminal())
    assert [u["formatter"] is runner.PLAIN_FORMAT for u in used] == [True, False, True]
    assert used[1]["formatter"] is discord.utils.MISSING  # discord.py's colours, on a terminal only
    line = runner.PLAIN_FORMAT.format(logging.LogRecord("discord.client", logging.INFO, "x", 1, "hello", None, None))
    assert "\x1b[" not in line and line.endswith("discord.client: hello")


def test_no_voice_warnings_on_start(service, caplog):
    discord.VoiceClient.warn_nacl = True
    discord.VoiceClient.warn_dave = True
    with caplog.at_level(logging.WARNING, logger="discord.client"):
        create_bot(service.settings, service)
    assert not [r for r in caplog.records if "voice" in r.getMessage()]
