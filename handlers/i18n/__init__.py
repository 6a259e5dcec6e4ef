"""The bot's own words, one catalogue per language: ``en`` (the reference) and ``vi``.

Every text the bot writes itself (help, usage lines, "I don't know that", "the articles don't say", suggestions,
buttons, cooldown notices, errors, ``!config``, the curators' reports and their CSV headers, the console banner)
is a message here, named by a key and filled in with ``str.format`` placeholders::

    text("unknown.title", "vi")                     # 'Mình chưa biết câu này.'
    text("cooldown.notice", "vi", seconds=3)        # 'Chậm lại một chút nhé: thử lại sau 3 giây.'

The knowledge base is not translated: answers keep their entry's English text and source, with the labels around
them (``card.speaker``, ``reply.source`` ...) in the reader's language. Every English message has a Vietnamese twin
with the same placeholders (``tests/handlers/test_i18n.py``); a key missing from a catalogue falls back to English.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Literal, get_args

from handlers.i18n import en, vi

Lang = Literal["en", "vi"]
LANGUAGES: tuple[Lang, ...] = get_args(Lang)
DEFAULT: Lang = "en"

CATALOGUES: Mapping[Lang, Mapping[str, str]] = {"en": en.MESSAGES, "vi": vi.MESSAGES}


def text(key: str, lang: Lang = DEFAULT, /, **values: object) -> str:
    """The message ``key`` in ``lang``, its placeholders filled from ``values`` (a KeyError names a key no
    catalogue has: a typo in the code)."""
    template = CATALOGUES.get(lang, en.MESSAGES).get(key)
    if template is None:
        template = en.MESSAGES[key]
    return template.format(**values) if values else template


def has(key: str) -> bool:
    return key in en.MESSAGES


def placeholders(template: str) -> set[str]:
    """The names of a message's ``{placeholders}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def language(value: str | None) -> Lang | None:
    """``value`` as a language code (``vi``, ``VI``, `` en ``), or None when it is not one of ours."""
    code = (value or "").strip().casefold()
    return code if code in LANGUAGES else None  # type: ignore[return-value]
