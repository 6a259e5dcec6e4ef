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

from handlers import i18n
from handlers.core.reply import Kind, Reply
from handlers.curation import Group, digest
from handlers.discord_bot.checks import may_link
from handlers.discord_bot.embeds import escape_member_text, truncate
from handlers.i18n import DEFAULT, Lang
from knowledge.learned import title_of

if TYPE_CHECKING:
    from handlers.discord_bot.bot import IndustryBot

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
MAX_ENTRY_ID = 100 - len("ib:link::") - 12
LABEL = 80  # Discord's limit on a button's label
OPTION = 100  # and on a select option's label and description


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


async def _say(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def _link(interaction: discord.Interaction, name: str, entry_id: str) -> None:
    """Link the group named ``name`` to ``entry_id``, if the member may; say what happened, to them alone."""
    bot: IndustryBot = interaction.client  # type: ignore[assignment]
    lang = bot.lang_for(interaction.guild)
    if not await may_link(bot, interaction.user):
        await _say(interaction, i18n.text("teach.cannot_link", lang))
        return
    wording = await _wording(interaction, name)
    if wording is None:
        await _say(interaction, i18n.text("teach.gone", lang))
        return
    reply = await bot.service.learn(wording, entry_id, by=who(interaction.user), lang=lang)
    if reply.kind is not Kind.ERROR:
        log.info("%s linked %r to %s", who(interaction.user), wording, entry_id)
    await _say(interaction, _text(reply))


LINK_TEMPLATE = r"ib:link:(?P<name>[0-9a-f]{12}):(?P<entry>[a-z0-9-]+)"


class LinkButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=LINK_TEMPLATE):
    def __init__(self, name: str, entry_id: str, title: str | None = None, lang: Lang = DEFAULT) -> None:
        self.name = name
        self.entry_id = entry_id
        super().__init__(
            discord.ui.Button(
                label=truncate(i18n.text("teach.link_to", lang, title=title or entry_id), LABEL),
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

    def __init__(self, name: str, options: list[discord.SelectOption] | None = None, lang: Lang = DEFAULT) -> None:
        self.name = name
        super().__init__(
            discord.ui.Select(
                placeholder=i18n.text("teach.link_to_other", lang),
                custom_id=f"ib:linkto:{name}",
                options=options or [discord.SelectOption(label=i18n.text("teach.no_option", lang), value="-")],
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
    def __init__(self, name: str, lang: Lang = DEFAULT) -> None:
        self.name = name
        label = i18n.text("teach.dismiss_button", lang)
        super().__init__(
            discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id=f"ib:dismiss:{name}")
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> DismissButton:
        return cls(match["name"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: IndustryBot = interaction.client  # type: ignore[assignment]
        lang = bot.lang_for(interaction.guild)
        manager = interaction.permissions.manage_guild if interaction.guild_id else False
        if not (manager or await may_link(bot, interaction.user)):
            await _say(interaction, i18n.text("teach.cannot_dismiss", lang))
            return
        wording = await _wording(interaction, self.name)
        if wording is None:
            await _say(interaction, i18n.text("teach.gone", lang))
            return
        server = str(interaction.guild_id)
        reply = await bot.service.dismiss(wording, server=server, by=who(interaction.user), lang=lang)
        await _say(interaction, _text(reply))


TEACHING_ITEMS = (LinkButton, LinkSelect, DismissButton)


def _fits(entry_id: str) -> bool:
    return len(entry_id) <= MAX_ENTRY_ID and re.fullmatch(r"[a-z0-9-]+", entry_id) is not None


def group_view(bot: IndustryBot, group: Group, *, can_link: bool, lang: Lang = DEFAULT) -> discord.ui.View:
    """The buttons under one group: Link to its nearest entry and Link to... others (for those who may link), and
    Dismiss. The view never times out; its items are registered with the bot (``add_dynamic_items``)."""
    service = bot.service
    name = digest(group.text)
    view = discord.ui.View(timeout=None)
    if can_link:
        nearest = group.nearest_entry
        title = service.entry_title(nearest) if nearest else None
        if nearest and title and _fits(nearest):
            view.add_item(LinkButton(name, nearest, title, lang))
        others = [e for e in service.candidates(group.text, 26) if e.id != nearest and _fits(e.id)][:25]
        if others:
            options = [
                discord.SelectOption(
                    label=truncate(title_of(e), OPTION), value=e.id, description=truncate(e.id, OPTION)
                )
                for e in others
            ]
            view.add_item(DismissButton(name, lang))
            view.add_item(LinkSelect(name, options, lang))
            return view
    view.add_item(DismissButton(name, lang))
    return view


def group_card(group: Group, title_of_entry: Any, lang: Lang = DEFAULT) -> str:
    """The line above a group's buttons."""
    text = truncate(" ".join(group.text.split()), 300)
    line = f"**{group.count}×** “{escape_member_text(text)}”"
    if group.nearest_entry:
        title = title_of_entry(group.nearest_entry)
        line += "\n" + i18n.text("teach.nearest", lang, title=title, id=group.nearest_entry)
    return line
