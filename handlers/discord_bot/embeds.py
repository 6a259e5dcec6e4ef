"""A Reply as Discord embeds (pages) or as plain-text messages, always within Discord's limits.

Limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): title 256, description
4096, 25 fields, field name 256 and value 1024, footer 2048, 6000 characters in all; a plain message 2000.
Text over a limit is cut with "…"; what cannot fit one embed (long item lists, many fields) goes on more pages.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import discord

from handlers import i18n
from handlers.core.reply import PREFIX, Reply, Suggestion
from handlers.i18n import DEFAULT, Lang

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
TOTAL = 6000
MESSAGE = 2000

ELLIPSIS = "…"
BLANK = "\u200b"  # Discord rejects empty field names and values
PAGE_LABEL_ROOM = 20  # "\nPage 999/999" and then some
HEAD_WITH_ITEMS = 1200  # the body shown above a page of items is cut to this
ITEMS_PER_PAGE_CHARS = DESCRIPTION - HEAD_WITH_ITEMS - 4
MAX_TEXT_MESSAGES = 5  # the plain-text fallback never sends more than this many messages
TEXT_CUT_NOTE = i18n.text("embed.cut")


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    return text[: limit - 1].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class _Field:
    name: str
    value: str
    inline: bool

    @property
    def size(self) -> int:
        return len(self.name) + len(self.value)


def _field(name: str, value: str, inline: bool = False) -> _Field:
    return _Field(truncate(name.strip() or BLANK, FIELD_NAME), truncate(value.strip() or BLANK, FIELD_VALUE), inline)


def reply_fields(reply: Reply) -> list[_Field]:
    """The reply's fields, then its comparison table as one field per row with each side's value."""
    fields = [_field(f.name, f.value, f.inline) for f in reply.fields]
    if reply.table:
        sides = reply.table.header[1:]
        for aspect, *values in reply.table.rows:
            lines = [f"**{side}:** {value}" for side, value in zip(sides, values, strict=False)]
            joined = "\n".join(lines)
            if len(joined) <= FIELD_VALUE:
                fields.append(_field(aspect, joined))
            else:  # a long row: one field per side rather than cutting every side short
                fields += [_field(f"{aspect}: {side}", value) for side, value in zip(sides, values, strict=False)]
    return fields


def suggestion_lines(suggestions: tuple[Suggestion, ...], prefix: str, lang: Lang = DEFAULT) -> str:
    def show(s: Suggestion) -> str:
        return f"`{s.text(prefix)}`" if s.command else s.text(prefix)

    if not suggestions:
        return ""
    if len(suggestions) == 1:
        return i18n.text("reply.did_you_mean_one", lang, suggestion=show(suggestions[0]))
    return i18n.text("reply.did_you_mean", lang) + "\n" + "\n".join(f"• {show(s)}" for s in suggestions)


def _item_pages(items: tuple[str, ...], page_size: int) -> list[str]:
    """Items packed into page texts: at most ``page_size`` items and ITEMS_PER_PAGE_CHARS characters a page."""
    pages: list[list[str]] = []
    size = 0
    for item in items:
        line = "• " + truncate(item, ITEMS_PER_PAGE_CHARS - 2)
        if not pages or len(pages[-1]) >= page_size or size + len(line) + 1 > ITEMS_PER_PAGE_CHARS:
            pages.append([])
            size = 0
        pages[-1].append(line)
        size += len(line) + 1
    return ["\n".join(page) for page in pages]


def render_embeds(reply: Reply, *, colour: int, page_size: int = 10, prefix: str = "!") -> list[discord.Embed]:
    """The reply as one embed, or as several pages when its items or fields do not fit one."""
    reply = reply.for_prefix(prefix)
    title = truncate(reply.title, TITLE)
    footer = truncate(reply.footer.replace(PREFIX, prefix), FOOTER - PAGE_LABEL_ROOM)
    head = "\n\n".join(p for p in (reply.body.strip(), suggestion_lines(reply.suggestions, prefix, reply.lang)) if p)
    items = _item_pages(reply.items, page_size)
    if items:
        head = truncate(head, HEAD_WITH_ITEMS)
        descriptions = [("\n\n".join(p for p in (head, text) if p) if i == 0 else text) for i, text in enumerate(items)]
    else:
        descriptions = [truncate(head, DESCRIPTION)]

    pages: list[tuple[str, list[_Field]]] = []
    queue = deque(reply_fields(reply))
    while len(pages) < len(descriptions) or queue:
        description = descriptions[len(pages)] if len(pages) < len(descriptions) else ""
        room = TOTAL - len(title) - len(footer) - PAGE_LABEL_ROOM
        description = truncate(description, min(DESCRIPTION, room))
        room -= len(description)
        taken: list[_Field] = []
        while queue and len(taken) < FIELDS and queue[0].size <= room:
            room -= queue[0].size
            taken.append(queue.popleft())
        if not taken and not description and queue:  # cannot happen with the limits above; never loop forever
            taken.append(_field(truncate(queue[0].name, 64), truncate(queue.popleft().value, min(FIELD_VALUE, room))))
        pages.append((description, taken))

    embeds = []
    for number, (description, fields) in enumerate(pages, start=1):
        embed = discord.Embed(title=title or None, description=description or None, colour=colour)
        for f in fields:
            embed.add_field(name=f.name, value=f.value, inline=f.inline)
        label = i18n.text("embed.page", reply.lang, number=number, total=len(pages)) if len(pages) > 1 else ""
        text = "\n".join(p for p in (footer, label) if p)
        if text:
            embed.set_footer(text=text)
        embeds.append(embed)
    return embeds


def text_chunks(
    text: str, limit: int = MESSAGE, max_messages: int = MAX_TEXT_MESSAGES, lang: Lang = DEFAULT
) -> list[str]:
    """Plain text split into messages of at most ``limit`` characters, at line breaks where possible."""
    chunks: list[str] = []
    current = ""
    for line in text.splitlines() or [""]:
        while len(line) > limit:  # a line longer than a message: cut it where it must be cut
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current or not chunks:
        chunks.append(current or BLANK)
    chunks = [c if c.strip() else BLANK for c in chunks]
    if len(chunks) > max_messages:
        chunks = chunks[:max_messages]
        note = i18n.text("embed.cut", lang)
        chunks[-1] = truncate(chunks[-1], limit - len(note)) + note
    return chunks
