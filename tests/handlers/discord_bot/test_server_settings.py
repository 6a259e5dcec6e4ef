"""The per-server settings book, on a real store: defaults, stored overrides, and storage that comes back."""

from __future__ import annotations

from pathlib import Path

from handlers.core.engine import Engine
from handlers.discord_bot.server_settings import Listen, ServerSettingsBook
from handlers.service import Service
from handlers.storage.sqlite import FILENAME, SQLiteStore
from tests.handlers.discord_bot.conftest import ANSWERS_CHANNEL_ID, make_settings


async def test_settings_stored_while_storage_was_down_are_read_once_it_is_back(tmp_path: Path, engine: Engine):
    data = tmp_path / "data"
    written = await SQLiteStore.open(data / FILENAME)
    assert await written.put_setting("42", "prefix", "?") and await written.put_setting("42", "listen", "everywhere")
    await written.close()

    moved = data.rename(tmp_path / "elsewhere")  # the volume is not mounted yet: a file stands in the way
    data.write_text("not a folder")
    service = Service(make_settings(data_dir=str(data)), engine)
    await service.open_store()
    book = ServerSettingsBook(service.settings, service)
    try:
        await book.load()
        assert book.get(42).prefix == "!" and not book.stale  # the defaults, while storage is down

        data.unlink()
        moved.rename(data)  # mounted
        service.store._retry_at = 0.0  # type: ignore[attr-defined]  # the retry interval has passed
        await service.store.stats(None, None)  # any use tries again
        assert service.store.available and book.stale
        await book.load()
        assert (book.get(42).prefix, book.get(42).listen) == ("?", Listen.EVERYWHERE) and not book.stale
        assert book.get(7).channels == (ANSWERS_CHANNEL_ID,)  # another server: the defaults
    finally:
        await service.close()
