"""Helpful / not helpful buttons under each free-text answer, that keep working after a restart.

The buttons are ``DynamicItem``s: their custom id carries the vote and the entry (``ib:vote:y:resolution-57``),
and the bot registers the item class once (``add_dynamic_items``), so a press on an answer sent by an earlier
run is still understood. One vote per member per answer; pressing the other button changes it.

Who voted is not stored: the key of a vote is a hash of the member's id and the answer's message id, keyed with the
data folder's secret (handlers/storage/secret.py), so it keeps one vote each without naming anyone, votes on two
answers cannot be linked by their keys, and the member cannot be found by hashing candidate ids without the secret.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import TYPE_CHECKING, Any, TypeGuard

import discord

from handlers import i18n
from handlers.i18n import DEFAULT, Lang
from handlers.storage import DM, Vote
from handlers.storage.secret import vote_key

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

PREFIX = "ib:vote:"
MAX_ENTRY_ID = 100 - len(PREFIX) - 2  # a custom id is at most 100 characters
NO_MENTIONS = discord.AllowedMentions.none()
THANKS = {True: i18n.text("vote.thanks_helpful"), False: i18n.text("vote.thanks_not_helpful")}
CHANGE = i18n.text("vote.change")
NOT_RECORDED = i18n.text("vote.not_recorded")


def thanks(helpful: bool, recorded: bool, lang: Lang = DEFAULT) -> str:
    """What a member who pressed a vote button is told (only them)."""
    if not recorded:
        return i18n.text("vote.not_recorded", lang)
    return i18n.text("vote.thanks_helpful" if helpful else "vote.thanks_not_helpful", lang) + i18n.text(
        "vote.change", lang
    )


def voter_key(user_id: int, message_id: int, secret: bytes) -> str:
    text = f"{message_id}:{user_id}".encode()
    return hashlib.blake2b(text, digest_size=12, key=secret, person=b"ib-vote").hexdigest()


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"ib:vote:(?P<vote>[yn]):(?P<entry>[a-z0-9-]+)",
):
    def __init__(self, entry_id: str, helpful: bool, lang: Lang = DEFAULT) -> None:
        self.entry_id = entry_id
        self.helpful = helpful
        super().__init__(
            discord.ui.Button(
                label=i18n.text("vote.helpful" if helpful else "vote.not_helpful", lang),
                emoji="\N{THUMBS UP SIGN}" if helpful else "\N{THUMBS DOWN SIGN}",
                style=discord.ButtonStyle.secondary,
                custom_id=f"{PREFIX}{'y' if helpful else 'n'}:{entry_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> VoteButton:
        return cls(match["entry"], match["vote"] == "y")

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: IndustryBot = interaction.client  # type: ignore[assignment]
        message = interaction.message
        if message is None:  # pragma: no cover - a button press always comes with its message
            return
        recorded = await bot.service.vote(
            Vote(
                server=str(interaction.guild_id) if interaction.guild_id else DM,
                channel=str(interaction.channel_id) if interaction.channel_id else None,
                message_id=str(message.id),
                voter=voter_key(interaction.user.id, message.id, vote_key(bot.service.settings.data_path)),
                entry_id=self.entry_id,
                helpful=self.helpful,
            )
        )
        text = thanks(self.helpful, recorded, bot.servers.get(interaction.guild_id).language)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


class PassOnVoteButton(discord.ui.Button[Any]):
    """A vote button in a view that times out (the paginator's): it looks like a VoteButton and has its custom id,
    but leaves the press to the VoteButton the bot registered (``add_dynamic_items``), which handles every press.

    A timed view must not hold a VoteButton itself: when a view stops (its timeout), discord.py's
    ``ViewStore.remove_view`` also forgets every DynamicItem class the view held, so the paginator's timeout would
    unregister VoteButton for the whole bot and no vote button on any answer would work until the next answer.
    """

    def __init__(self, entry_id: str, helpful: bool, lang: Lang = DEFAULT) -> None:
        look = VoteButton(entry_id, helpful, lang).item
        super().__init__(label=look.label, emoji=look.emoji, style=look.style, custom_id=look.custom_id)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return False  # the registered VoteButton answers this press (and the paginator's own check is not asked)


def _votable(entry_id: str | None) -> TypeGuard[str]:
    """An entry id a custom id can carry (a reply that is not one entry's answer has none)."""
    return entry_id is not None and len(entry_id) <= MAX_ENTRY_ID and re.fullmatch(r"[a-z0-9-]+", entry_id) is not None


def vote_buttons(entry_id: str | None, lang: Lang = DEFAULT) -> list[discord.ui.Button[Any]]:
    """The two buttons for an answer from ``entry_id``, to ride along in a view that times out (the paginator), or
    none for a reply that is not one entry's answer. A press on them is handled by the registered VoteButton."""
    if not _votable(entry_id):
        return []
    return [PassOnVoteButton(entry_id, True, lang), PassOnVoteButton(entry_id, False, lang)]


def feedback_view(entry_id: str | None, lang: Lang = DEFAULT) -> discord.ui.View | None:
    """A view with the two buttons, or None. It never times out; the buttons outlive it (see the module doc)."""
    if not _votable(entry_id):
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(VoteButton(entry_id, True, lang))
    view.add_item(VoteButton(entry_id, False, lang))
    return view
