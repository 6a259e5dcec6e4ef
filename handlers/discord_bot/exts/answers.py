"""Free text: questions asked in plain words, without a command.

- Mentioned (``@IndustryBot what is Industry 5.0?``) or in a DM: the member spoke to the bot, so an unknown
  question gets "I don't know that; did you mean ...".
- Where the server listens (``!config listen``: its answer channels, or everywhere): answered only when the
  engine is confident; chatter ("lol", "ok thanks") gets silence.
- Anywhere else: nothing.

Commands are left to the command machinery. Bots, webhooks and the bot itself are ignored. A question goes
through ``Service.respond`` and is recorded for the curators once its reply was sent; an answer carries the helpful
/ not helpful buttons. A member (or channel) told to slow down is not read at all until the cooldown ends: nothing
is answered or recorded meanwhile, and the conversation does not move on.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from handlers.core.reply import Reply
from handlers.discord_bot.cooldowns import notice_text
from handlers.discord_bot.respond import ALLOWED_MENTIONS, answer, bot_permissions

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)


class Answers(commands.Cog):
    def __init__(self, bot: IndustryBot) -> None:
        self.bot = bot

    def addressed(self, message: discord.Message) -> bool:
        """The bot was mentioned (by name, by its own role, or a pinging reply) or this is a DM."""
        me = self.bot.user
        if message.guild is None:
            return True
        if me is not None and any(user.id == me.id for user in message.mentions):
            return True
        own_role = message.guild.self_role
        return own_role is not None and own_role in message.role_mentions

    def listening(self, message: discord.Message) -> bool:
        """A channel (or a thread of one) where confident answers are given without a mention."""
        return message.guild is not None and self.bot.server(message.guild).listens_in(message.channel)

    def strip_mentions(self, message: discord.Message) -> str:
        ids = [str(self.bot.user.id)] if self.bot.user else []
        if message.guild is not None and message.guild.self_role is not None:
            ids.append(f"&{message.guild.self_role.id}")
        if not ids:
            return message.content.strip()
        pattern = r"<@!?(?:" + "|".join(re.escape(i) for i in ids) + r")>"
        return " ".join(re.sub(pattern, " ", message.content).split())

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None or message.author == self.bot.user:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        addressed = self.addressed(message)
        if not addressed and not self.listening(message):
            return
        prefix, lang = self.bot.prefix_for(message.guild), self.bot.lang_for(message.guild)
        ctx = await self.bot.get_context(message)
        if ctx.valid or ctx.prefix == prefix:
            return  # a command, or a `!word` that is not one: the command machinery and the error handler answer
        if self.flooding(message):
            return  # told to slow down and still over: silence, without the work of matching the message
        where = self.bot.where(message.guild, message.channel, message.author)
        service = self.bot.service
        text = self.strip_mentions(message)
        turn = service.respond(text, addressed=addressed, where=where, prefix=prefix, lang=lang)
        sent = False
        try:
            if turn.reply is not None and await self.within_limits(message):
                sent = await self.send(message, turn.reply, prefix)
        finally:
            await service.done(turn, sent=sent)

    def flooding(self, message: discord.Message) -> bool:
        cooldowns = self.bot.server(message.guild).cooldowns
        return any(throttle.flooding(message, getattr(cooldowns, name)) for name, throttle in self.bot.answer_throttles)

    async def within_limits(self, message: discord.Message) -> bool:
        """Count the answer against the per-member and per-channel limits; one notice when over, then silence."""
        cooldowns = self.bot.server(message.guild).cooldowns
        for name, throttle in self.bot.answer_throttles:
            over = throttle.hit(message, getattr(cooldowns, name))
            if over is None:
                continue
            _, retry_after = over
            if throttle.first_notice(message, retry_after, getattr(cooldowns, name)):
                await self.notice(message, notice_text(retry_after, self.bot.lang_for(message.guild)))
            return False
        return True

    async def send(self, message: discord.Message, reply: Reply, prefix: str) -> bool:
        """Send the answer; True when it went out."""
        try:
            return await answer(message, reply, settings=self.bot.settings, prefix=prefix) is not None
        except discord.Forbidden as exc:
            log.warning("Not allowed to answer in #%s (%s): %s", message.channel, message.channel.id, exc.text)
            return False
        except discord.HTTPException as exc:  # the question deleted before the reply, Discord's 5xx after retries
            log.warning(
                "Could not answer in #%s (%s): HTTP %s %s", message.channel, message.channel.id, exc.status, exc.text
            )
            return False

    async def notice(self, message: discord.Message, text: str) -> None:
        perms = bot_permissions(message.channel, message.guild)
        if not perms.send_messages:
            return
        try:
            if perms.read_message_history:
                await message.reply(text, mention_author=False, allowed_mentions=ALLOWED_MENTIONS)
            else:
                await message.channel.send(text, allowed_mentions=ALLOWED_MENTIONS)
        except discord.HTTPException as exc:
            log.warning("Could not send a cooldown notice in %s: %s", message.channel.id, exc)


async def setup(bot: IndustryBot) -> None:
    await bot.add_cog(Answers(bot))
