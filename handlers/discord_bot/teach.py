"""The buttons under each group of `!unanswered`: "Link to <nearest entry>", a "Link to..." choice of other
entries, and "Dismiss". They keep working after a restart.

Each is a ``DynamicItem`` (as the vote buttons in feedback.py): its custom id carries the group's wording by its
``digest`` (a wording may be longer than a custom id) and, for the button, the entry. A press looks the wording up
among the server's recorded questions. Who may: linking changes answers in every server, so only the bot's owners
and ``curator_ids``; dismissing changes one server's list, so also members with Manage Server there.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from handlers.core.reply import Kind, Reply
from handlers.curation import Group, digest
from handlers.discord_bot.checks import may_link
from handlers.discord_bot.embeds import escape_member_text
from knowledge.learned import title_of

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
MAX_ENTRY_ID = 100 - len("ib:link::") - 12
CANNOT_LINK = (
    "Only the bot's owners and curators may link a question to an entry: the knowledge base is shared by every "
    "server, so a link changes answers everywhere (setting curator_ids)."
)
CANNOT_DISMISS = "Only the bot's owners and curators, or members with Manage Server here, may dismiss questions."
GONE = "That question is no longer in this server's records (forgotten, or pruned)."


def who(user: discord.abc.User) -> str:
    return f"{user.name} ({user.id})"


def _text(reply: Reply) -> str:
    """A short reply as one message's text: the member's wording in it escaped, never rendered as markdown."""
    shown = reply.for_prefix("!", escape_member_text)
    return f"**{shown.title}**\n{shown.body}"[:1900]


async def _wording(interaction: discord.Interaction, name: str) -> str | None:
    bot: IndustryBot = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is None:
        return None
    return await bot.service.unanswered_wording(str(interaction.guild_id), name)


async def _link(interaction: discord.Interaction, name: str, entry_id: str) -> None:
    """Link the group named ``name`` to ``entry_id``, if the member may; say what happened, to them alone."""
    bot: IndustryBot = interaction.client  # type: ignore[assignment]
    if not await may_link(bot, interaction.user):
        await interaction.response.send_message(CANNOT_LINK, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    wording = await _wording(interaction, name)
    if wording is None:
        await interaction.response.send_message(GONE, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return
    lang = bot.lang_for(interaction.guild)
    reply = await bot.service.learn(wording, entry_id, by=who(interaction.user), lang=lang)
    if reply.kind is not Kind.ERROR:
        log.info("%s linked %r to %s", who(interaction.user), wording, entry_id)
    await interaction.response.send_message(_text(reply), ephemeral=True, allowed_mentions=NO_MENTIONS)


LINK_TEMPLATE = r"ib:link:(?P<name>[0-9a-f]{12}):(?P<entry>[a-z0-9-]+)"


class LinkButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=LINK_TEMPLATE):
    def __init__(self, name: str, entry_id: str, title: str | None = None) -> None:
        self.name = name
        self.entry_id = entry_id
        label = f"Link to {title or entry_id}"
        super().__init__(
            discord.ui.Button(
                label=label if len(label) <= 80 else label[:79] + "…",
                style=discord.ButtonStyle.primary,
                custom_id=f"ib:link:{name}:{entry_id}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> LinkButton:
        return cls(match["name"], match["entry"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await _link(interaction, self.name, self.entry_id)


class LinkSelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=r"ib:linkto:(?P<name>[0-9a-f]{12})"):
    """ "Link to...": the other entries the group's wording comes close to."""

    def __init__(self, name: str, options: list[discord.SelectOption] | None = None) -> None:
        self.name = name
        super().__init__(
            discord.ui.Select(
                placeholder="Link to...",
                custom_id=f"ib:linkto:{name}",
                options=options or [discord.SelectOption(label="(no entry)", value="-")],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> LinkSelect:
        options = list(item.options) if isinstance(item, discord.ui.Select) else None
        return cls(match["name"], options)

    async def callback(self, interaction: discord.Interaction) -> None:
        values = self.item.values
        if not values or values[0] == "-":  # pragma: no cover - Discord sends one chosen value
            await interaction.response.defer()
            return
        await _link(interaction, self.name, str(values[0]))


class DismissButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"ib:dismiss:(?P<name>[0-9a-f]{12})"):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            discord.ui.Button(label="Dismiss", style=discord.ButtonStyle.secondary, custom_id=f"ib:dismiss:{name}")
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DismissButton:
        return cls(match["name"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: IndustryBot = interaction.client  # type: ignore[assignment]
        manager = interaction.permissions.manage_guild if interaction.guild_id else False
        if not (manager or await may_link(bot, interaction.user)):
            await interaction.response.send_message(CANNOT_DISMISS, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        wording = await _wording(interaction, self.name)
        if wording is None:
            await interaction.response.send_message(GONE, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        lang = bot.lang_for(interaction.guild)
        server = str(interaction.guild_id)
        reply = await bot.service.dismiss(wording, server=server, by=who(interaction.user), lang=lang)
        await interaction.response.send_message(_text(reply), ephemeral=True, allowed_mentions=NO_MENTIONS)


TEACHING_ITEMS = (LinkButton, LinkSelect, DismissButton)


def _fits(entry_id: str) -> bool:
    return len(entry_id) <= MAX_ENTRY_ID and re.fullmatch(r"[a-z0-9-]+", entry_id) is not None


def group_view(bot: IndustryBot, group: Group, *, can_link: bool) -> discord.ui.View:
    """The buttons under one group: Link to its nearest entry and Link to... others (for those who may link), and
    Dismiss. The view never times out; its items are registered with the bot (``add_dynamic_items``)."""
    service = bot.service
    name = digest(group.text)
    view = discord.ui.View(timeout=None)
    if can_link:
        nearest = group.nearest_entry
        title = service.entry_title(nearest) if nearest else None
        if nearest and title and _fits(nearest):
            view.add_item(LinkButton(name, nearest, title))
        others = [e for e in service.candidates(group.text, 26) if e.id != nearest and _fits(e.id)][:25]
        if others:
            options = [
                discord.SelectOption(label=_short(title_of(e), 100), value=e.id, description=_short(e.id, 100))
                for e in others
            ]
            view.add_item(DismissButton(name))
            view.add_item(LinkSelect(name, options))
            return view
    view.add_item(DismissButton(name))
    return view


def group_card(group: Group, title_of_entry: Any) -> str:
    """The line above a group's buttons."""
    text = " ".join(group.text.split())
    text = text if len(text) <= 300 else text[:299] + "…"
    line = f"**{group.count}×** “{escape_member_text(text)}”"
    if group.nearest_entry:
        line += f"\nnearest: {title_of_entry(group.nearest_entry)} (`{group.nearest_entry}`)"
    return line


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
