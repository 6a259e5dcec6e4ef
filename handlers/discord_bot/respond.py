"""Sending a Reply: embeds (paginated when long) where the bot may embed links, plain text where it may not.

Every send passes ``ALLOWED_MENTIONS`` explicitly, on top of the bot-wide default, so nothing the base or a
member typed (``@everyone``, ``@here``, ``<@&role>``, ``<@user>``) can ping anyone.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from discord.ext import commands

from handlers.core.reply import Reply
from handlers.discord_bot.embeds import render_embeds, text_chunks
from handlers.discord_bot.feedback import feedback_view, vote_buttons
from handlers.discord_bot.pagination import Paginator
from handlers.discord_bot.suggestions import PassOnSuggestionButton, SuggestionButton, suggestion_buttons
from handlers.i18n import DEFAULT, Lang

if TYPE_CHECKING:
    from config import Settings

log = logging.getLogger(__name__)

ALLOWED_MENTIONS = discord.AllowedMentions(everyone=False, roles=False, users=False, replied_user=False)

Send = Callable[..., Awaitable[Any]]


async def deliver(
    reply: Reply,
    *,
    settings: Settings,
    author_id: int,
    can_embed: bool,
    send: Send,
    send_more: Send,
    prefix: str | None = None,
    votes: bool = False,
    **kwargs: Any,
) -> Any:
    """Send ``reply`` with ``send`` (the first message: a reply) and ``send_more`` (any further text chunk).

    ``prefix``: the server's own, named in the reply's hints. ``votes``: an answer gets the helpful / not helpful
    buttons (on its first message). Buttons and page labels are in the reply's language. Suggestions that lead to an
    entry get a button each, pressed to answer (``suggestions.SuggestionButton``; ``author_id`` is the member they
    answer in place).
    """
    entry = reply.entry_id if votes and reply.answered else None
    offers = suggestion_buttons(reply, author_id)
    if can_embed:
        pages = render_embeds(
            reply,
            colour=settings.colours.for_kind(str(reply.kind)),
            page_size=settings.pagination.page_size,
            prefix=prefix or settings.prefix,
        )
        if len(pages) == 1:
            view = _view(entry, offers, reply.lang)
            extra = {"view": view} if view else {}
            return await send(embed=pages[0], allowed_mentions=ALLOWED_MENTIONS, **extra, **kwargs)
        extra_buttons = [*vote_buttons(entry, reply.lang), *(PassOnSuggestionButton(b) for b in offers)]
        paginator = Paginator(
            pages, author_id=author_id, timeout=settings.pagination.timeout, extra=extra_buttons, lang=reply.lang
        )
        message = await send(embed=pages[0], view=paginator, allowed_mentions=ALLOWED_MENTIONS, **kwargs)
        paginator.message = message
        return message
    chunks = text_chunks(reply.to_text(prefix or settings.prefix), lang=reply.lang)
    view = _view(entry, offers, reply.lang)
    first = await send(
        content=chunks[0], allowed_mentions=ALLOWED_MENTIONS, **({"view": view} if view else {}), **kwargs
    )
    extra = {k: v for k, v in kwargs.items() if k == "ephemeral"}
    for chunk in chunks[1:]:
        await send_more(content=chunk, allowed_mentions=ALLOWED_MENTIONS, **extra)
    return first


def _view(entry: str | None, offers: list[SuggestionButton], lang: Lang = DEFAULT) -> discord.ui.View | None:
    """The vote buttons of an answer (first row) and the suggestion buttons (second row), or None."""
    view = feedback_view(entry, lang)
    if offers:
        view = view or discord.ui.View(timeout=None)
        for button in offers:
            button.item.row = 1
            view.add_item(button)
    return view


async def respond(ctx: commands.Context[Any], reply: Reply, *, ephemeral: bool = False, votes: bool = False) -> Any:
    """Answer a command, prefix or slash: a reply to the member's message, or the interaction's response."""
    perms = ctx.bot_permissions
    if ctx.interaction is None and ctx.guild is not None and not perms.send_messages:
        log.info("No permission to send messages in #%s (%s)", ctx.channel, ctx.channel.id)
        return None
    reference = ctx.interaction is None and perms.read_message_history  # replying needs Read Message History
    return await deliver(
        reply,
        settings=ctx.bot.settings,
        author_id=ctx.author.id,
        can_embed=perms.embed_links,
        send=ctx.reply if reference else ctx.send,
        send_more=ctx.send,
        prefix=ctx.bot.prefix_for(ctx.guild),
        votes=votes and not ephemeral,
        mention_author=False,
        ephemeral=ephemeral,
    )


async def answer(message: discord.Message, reply: Reply, *, settings: Settings, prefix: str | None = None) -> Any:
    """Answer free text with a reply to the member's message; an answer carries the vote buttons."""
    perms = bot_permissions(message.channel, message.guild)
    if not perms.send_messages:
        log.info("No permission to send messages in #%s (%s)", message.channel, message.channel.id)
        return None
    send: Send = message.reply if perms.read_message_history else message.channel.send
    return await deliver(
        reply,
        settings=settings,
        author_id=message.author.id,
        can_embed=perms.embed_links,
        send=send,
        send_more=message.channel.send,
        prefix=prefix,
        votes=True,
        **({"mention_author": False} if perms.read_message_history else {}),
    )


async def say(ctx: commands.Context[Any], text: str, *, ephemeral: bool = True) -> Any:
    """A short plain-text line (a notice or an error), never pinging anyone; ephemeral for slash commands."""
    if ctx.interaction is None and ctx.guild is not None and not ctx.bot_permissions.send_messages:
        return None
    send = ctx.reply if ctx.interaction is None and ctx.bot_permissions.read_message_history else ctx.send
    return await send(content=text, allowed_mentions=ALLOWED_MENTIONS, mention_author=False, ephemeral=ephemeral)


def bot_permissions(channel: Any, guild: discord.Guild | None) -> discord.Permissions:
    """What the bot may do in ``channel``: a DM allows everything a DM can allow."""
    if guild is None:
        return discord.Permissions._dm_permissions()
    return channel.permissions_for(guild.me)
