"""Slash commands in Vietnamese for Vietnamese clients: the tree's translator, and the commands as `!sync` would
upload them with their translations."""

from __future__ import annotations

from typing import Any

from discord import Locale, app_commands

from handlers.discord_bot.translator import Translator
from handlers.i18n import vi

VI = Locale.vietnamese.value


def context(location: app_commands.TranslationContextLocation) -> app_commands.TranslationContext:
    return app_commands.TranslationContext(location=location, data=None)


async def test_the_translator_gives_vietnamese_descriptions_and_choices_and_keeps_names():
    translator = Translator()
    where = app_commands.TranslationContextLocation
    described = app_commands.locale_str("Ask a question in your own words.")
    assert (
        await translator.translate(described, Locale.vietnamese, context(where.command_description))
        == (vi.MESSAGES["cmd.ask.description"])
    )
    assert await translator.translate(described, Locale.american_english, context(where.command_description)) is None
    assert await translator.translate(described, Locale.french, context(where.command_description)) is None
    choice = app_commands.locale_str("everywhere")
    assert await translator.translate(choice, Locale.vietnamese, context(where.choice_name)) == "mọi kênh"
    name = app_commands.locale_str("policy")
    assert await translator.translate(name, Locale.vietnamese, context(where.command_name)) is None
    unknown = app_commands.locale_str("Some text nobody wrote")
    assert await translator.translate(unknown, Locale.vietnamese, context(where.parameter_description)) is None


def nodes(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """A command and every option, subcommand and choice under it."""
    found = [payload]
    for option in payload.get("options", []):
        found += nodes(option)
    found += [{"choice": True, **c} for c in payload.get("choices", []) or []]
    return found


async def test_every_slash_command_carries_vietnamese_descriptions_within_discords_limits(world):
    tree = world.bot.tree
    assert isinstance(tree.translator, Translator)  # set in setup_hook
    payloads = [await command.get_translated_payload(tree, tree.translator) for command in tree.get_commands()]
    assert {"help", "policy", "quote", "compare", "ask", "config", "unanswered", "stats", "forget"} <= {
        p["name"] for p in payloads
    }
    for payload in payloads:
        for node in nodes(payload):
            if node.get("choice"):
                translated = node["name_localizations"][VI]
                assert (1 <= len(translated) <= 100 and translated != node["name"]) or node["value"] == "csv"
                continue
            english, translated = node["description"], node["description_localizations"][VI]
            assert 1 <= len(translated) <= 100, node["name"]
            assert translated != english, node["name"]
            assert node["name"].isascii() and not node.get("name_localizations")  # names stay as typed
    ask = next(p for p in payloads if p["name"] == "ask")
    assert ask["description_localizations"][VI] == "Đặt câu hỏi bằng lời của bạn."
    assert ask["options"][0]["description_localizations"][VI] == "Câu hỏi của bạn, chẳng hạn: Công nghiệp 5.0 là gì?"
    config = next(p for p in payloads if p["name"] == "config")
    language = next(o for o in config["options"] if o["name"] == "language")
    code = language["options"][0]
    assert [(c["value"], c["name_localizations"][VI]) for c in code["choices"]] == [
        ("en", "tiếng Anh"),
        ("vi", "tiếng Việt"),
    ]
