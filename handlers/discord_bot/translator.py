"""Slash commands in Vietnamese for Vietnamese Discord clients: an ``app_commands.Translator`` over the catalogue.

Discord shows a command's description, its options' descriptions and its choices in the member's client language
when the command was registered with translations (``!sync`` sends them). Names stay ASCII, the same for everyone.
The English strings on the commands are messages of ``handlers.i18n`` (``cmd.NAME.description``, ``slash.*``); this
finds each one's key and gives its twin. Choices are looked up by their value (``choice.VALUE``).
"""

from __future__ import annotations

from discord import Locale, app_commands

from handlers import i18n
from handlers.i18n import Lang, en

LOCALES: dict[Locale, Lang] = {Locale.vietnamese: "vi"}
DESCRIPTION = 100  # Discord's limit for a description and a choice's name
DESCRIBED = (
    app_commands.TranslationContextLocation.command_description,
    app_commands.TranslationContextLocation.group_description,
    app_commands.TranslationContextLocation.parameter_description,
)


def _is_slash_text(key: str) -> bool:
    return key.startswith("slash.") or (key.startswith("cmd.") and key.endswith(".description"))


class Translator(app_commands.Translator):
    def __init__(self) -> None:
        super().__init__()
        # An English description (as discord.py holds it, cut to Discord's limit) -> its catalogue key.
        self.keys = {text[:DESCRIPTION]: key for key, text in en.MESSAGES.items() if _is_slash_text(key)}

    async def translate(
        self, string: app_commands.locale_str, locale: Locale, context: app_commands.TranslationContext
    ) -> str | None:
        lang = LOCALES.get(locale)
        if lang is None:
            return None  # Discord shows the English
        if context.location in DESCRIBED:
            key = self.keys.get(string.message)
        elif context.location is app_commands.TranslationContextLocation.choice_name:
            key = f"choice.{string.message}"
        else:
            return None  # command, group and option names stay as they are typed
        return i18n.text(key, lang)[:DESCRIPTION] if key and i18n.has(key) else None
