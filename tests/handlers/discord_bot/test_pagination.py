"""Page buttons: only the asker turns pages; the buttons are disabled when the view times out."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from config import Pagination
from handlers.discord_bot import respond as respond_module
from handlers.discord_bot.pagination import NOT_YOURS, Paginator
from tests.helpers import MockInteraction, MockMember, MockMessage


def pages(n: int = 3) -> list[discord.Embed]:
    return [discord.Embed(title=f"Page {i}") for i in range(n)]


def press(view: Paginator, button: discord.ui.Button, interaction: MockInteraction) -> Any:
    """What discord.py does when a button is pressed: the view's checks, then the button's callback."""
    return view._scheduled_task(button, interaction)


async def test_the_asker_turns_pages_forward_and_back():
    asker = MockMember()
    view = Paginator(pages(3), author_id=asker.id, timeout=60)
    assert view.previous_page.disabled and not view.next_page.disabled

    interaction = MockInteraction(user=asker)
    await press(view, view.next_page, interaction)
    assert view.index == 1
    interaction.response.edit_message.assert_awaited_once_with(embed=view.pages[1], view=view)
    assert not view.previous_page.disabled and not view.next_page.disabled

    await press(view, view.next_page, MockInteraction(user=asker))
    assert view.index == 2 and view.next_page.disabled

    await press(view, view.next_page, MockInteraction(user=asker))  # already on the last page: stays there
    assert view.index == 2

    back = MockInteraction(user=asker)
    await press(view, view.previous_page, back)
    assert view.index == 1
    back.response.edit_message.assert_awaited_once_with(embed=view.pages[1], view=view)


async def test_someone_else_cannot_turn_pages_and_is_told_so_privately():
    view = Paginator(pages(3), author_id=MockMember().id, timeout=60)
    stranger = MockInteraction(user=MockMember())
    await press(view, view.next_page, stranger)
    assert view.index == 0
    stranger.response.edit_message.assert_not_awaited()
    stranger.response.send_message.assert_awaited_once()
    assert stranger.response.send_message.await_args.args == (NOT_YOURS,)
    assert stranger.response.send_message.await_args.kwargs["ephemeral"] is True


async def test_on_timeout_disables_every_button_and_edits_the_message():
    view = Paginator(pages(2), author_id=1, timeout=60)
    view.message = MockMessage()
    await view.on_timeout()
    assert all(item.disabled for item in view.children)
    view.message.edit.assert_awaited_once_with(view=view)


async def test_on_timeout_survives_a_deleted_message():
    view = Paginator(pages(2), author_id=1, timeout=60)
    view.message = MockMessage()
    view.message.edit.side_effect = discord.NotFound(type("R", (), {"status": 404, "reason": "gone"})(), "gone")
    await view.on_timeout()  # must not raise
    assert all(item.disabled for item in view.children)


def test_a_paginator_needs_pages():
    with pytest.raises(ValueError):
        Paginator([], author_id=1, timeout=1)


async def test_a_real_paginated_reply_times_out_and_greys_its_buttons(make_world, monkeypatch):
    views: list[Paginator] = []

    class Recorded(Paginator):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            views.append(self)

    edits: list[dict[str, Any]] = []
    real = discord.message.handle_message_parameters

    def spy(*args: Any, **kwargs: Any) -> Any:
        params = real(*args, **kwargs)
        edits.append(params.payload or {})
        return params

    monkeypatch.setattr(respond_module, "Paginator", Recorded)
    monkeypatch.setattr(discord.message, "handle_message_parameters", spy)
    world = await make_world(pagination=Pagination(page_size=5, timeout=0.2))
    [message] = await world.say("!policy")

    [view] = views
    assert view.author_id == world.alice.id and view.message is not None and view.message.id == message.id
    assert await asyncio.wait_for(view.wait(), timeout=2) is True  # True: it timed out
    for _ in range(100):  # on_timeout runs as its own task: give its edit a moment
        if edits:
            break
        await asyncio.sleep(0.01)
    buttons = [c for row in edits[-1]["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == ["Previous", "Next"]
    assert all(b["disabled"] for b in buttons)
