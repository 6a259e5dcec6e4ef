"""Previous/Next buttons over the pages of a long reply. Only the asker turns pages; the buttons time out.

Other buttons may ride along (the helpful / not helpful votes): they are anyone's, and they outlive the timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord

from handlers import i18n
from handlers.i18n import DEFAULT, Lang

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
NOT_YOURS = i18n.text("page.not_yours")


class Paginator(discord.ui.View):
    def __init__(
        self,
        pages: Sequence[discord.Embed],
        *,
        author_id: int,
        timeout: float,
        extra: Sequence[discord.ui.Item[Any]] = (),
        lang: Lang = DEFAULT,
    ) -> None:
        super().__init__(timeout=timeout)
        if not pages:
            raise ValueError("a paginator needs at least one page")
        self.pages = list(pages)
        self.author_id = author_id
        self.index = 0
        self.message: discord.Message | discord.InteractionMessage | None = None
        self.lang = lang
        self.previous_page.label = i18n.text("page.previous", lang)
        self.next_page.label = i18n.text("page.next", lang)
        for item in extra:
            item.row = 1
            self.add_item(item)
        self._update_buttons()

    @property
    def page(self) -> discord.Embed:
        return self.pages[self.index]

    def _update_buttons(self) -> None:
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index >= len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.author_id:
            return True
        text = i18n.text("page.not_yours", self.lang)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    async def show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._update_buttons()
        await interaction.response.edit_message(embed=self.page, view=self)

    @discord.ui.button(label="Previous", emoji="\N{BLACK LEFT-POINTING TRIANGLE}", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: discord.Interaction, button: discord.ui.Button[Paginator]) -> None:
        await self.show(interaction, self.index - 1)

    @discord.ui.button(label="Next", emoji="\N{BLACK RIGHT-POINTING TRIANGLE}", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button[Paginator]) -> None:
        await self.show(interaction, self.index + 1)

    async def on_timeout(self) -> None:
        """Grey the page buttons out so nobody presses a dead button; the votes stay."""
        self.previous_page.disabled = self.next_page.disabled = True
        if self.message is None:
            return
        try:
            await self.message.edit(view=self)
        except discord.HTTPException as exc:  # deleted message, lost permission: nothing left to disable
            log.debug("Could not disable the page buttons: %s", exc)
