"""Suggestions one press away: "did you mean" as buttons that answer at once, and keep working after a restart.

Each button is a ``DynamicItem`` whose custom id carries who asked and the entry (``ib:show:<member>:<entry>``);
the bot registers the class once (``add_dynamic_items``), as it does the vote buttons. A press asks the Service for
the entry's card (``Service.show``), recorded as an answered question once it is sent:

- by the member who asked: the unsure reply is edited into the answer, with the vote buttons;
- by anyone else: the answer comes just for them (ephemeral), and the reply stays as it was for the others.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from handlers.core.reply import Reply, Suggestion
from handlers.discord_bot.embeds import truncate
from handlers.service import Where
from handlers.storage import DM

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

PREFIX = "ib:show:"
LABEL = 80  # Discord's limit on a button's label
MAX_BUTTONS = 3
_ENTRY = re.compile(r"[a-z0-9-]+")


class SuggestionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"ib:show:(?P<asker>[0-9]{1,20}):(?P<entry>[a-z0-9-]+)",
):
    def __init__(self, asker_id: int, entry_id: str, label: str) -> None:
        self.asker_id = asker_id
        self.entry_id = entry_id
        super().__init__(
            discord.ui.Button(
                label=truncate(label, LABEL) or entry_id[:LABEL],
                style=discord.ButtonStyle.primary,
                custom_id=f"{PREFIX}{asker_id}:{entry_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SuggestionButton:
        label = getattr(item, "label", None) or match["entry"]
        return cls(int(match["asker"]), match["entry"], label)

    async def callback(self, interaction: discord.Interaction) -> None:
        from handlers.discord_bot.respond import deliver  # respond imports this module for the buttons

        bot: IndustryBot = interaction.client  # type: ignore[assignment]
        where = Where(
            server=str(interaction.guild_id) if interaction.guild_id else DM,
            channel=str(interaction.channel_id) if interaction.channel_id else None,
            author=str(interaction.user.id),
        )
        prefix = bot.prefix_for(interaction.guild)
        turn = bot.service.show(self.entry_id, where=where, prefix=prefix)
        reply = turn.reply
        assert reply is not None  # show always has a reply
        mine = interaction.user.id == self.asker_id
        common: dict[str, Any] = {
            "settings": bot.settings,
            "author_id": interaction.user.id,
            "can_embed": interaction.app_permissions.embed_links,
            "send_more": interaction.followup.send,
            "prefix": prefix,
        }
        sent = False
        try:
            if mine:
                await deliver(reply, send=_edit(interaction), votes=True, **common)
            else:
                await deliver(reply, send=interaction.response.send_message, ephemeral=True, **common)
            sent = True
        finally:
            await bot.service.done(turn, sent=sent)


def _edit(interaction: discord.Interaction) -> Any:
    """A ``send`` for ``deliver`` that edits the message the button is on: what is not given is cleared (the plain
    text of a reply without embeds replaces the embed, the old buttons go unless new ones come)."""

    async def send(**kwargs: Any) -> Any:
        for key in ("mention_author", "ephemeral", "allowed_mentions"):
            kwargs.pop(key, None)
        kwargs.setdefault("view", None)
        if "content" in kwargs:
            kwargs.setdefault("embed", None)
        else:
            kwargs.setdefault("content", None)
        await interaction.response.edit_message(**kwargs)
        return interaction.message

    return send


def _showable(suggestion: Suggestion) -> bool:
    entry = suggestion.entry_id
    return entry is not None and len(entry) <= 100 - len(PREFIX) - 21 and _ENTRY.fullmatch(entry) is not None


def suggestion_buttons(reply: Reply, asker_id: int) -> list[SuggestionButton]:
    """Up to three buttons, one per suggestion that leads to an entry, labelled with the entry's short title."""
    shown = [s for s in reply.suggestions if _showable(s)][:MAX_BUTTONS]
    return [SuggestionButton(asker_id, s.entry_id or "", s.label) for s in shown]


class PassOnSuggestionButton(discord.ui.Button[Any]):
    """A suggestion button in a view that times out (the paginator's): it has the look and the custom id, and leaves
    the press to the registered SuggestionButton (see ``feedback.PassOnVoteButton`` for why)."""

    def __init__(self, button: SuggestionButton) -> None:
        look = button.item
        super().__init__(label=look.label, style=look.style, custom_id=look.custom_id)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        return False
