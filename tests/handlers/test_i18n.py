"""The message catalogues: every English message has a Vietnamese twin with the same placeholders, every key the
code names exists, and the language setting is validated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config import SettingsError, load_settings
from handlers import i18n
from handlers.i18n import CATALOGUES, LANGUAGES, en, placeholders, vi

ROOT = Path(__file__).resolve().parents[2]
# Messages that are the same in both languages: code, formats, names typed as they are.
SAME = {
    "sources.item", "cmd.help.example", "cmd.policy.example", "cmd.quote.example", "cmd.compare.example",
    "cmd.compare.usage", "cmd.ask.example", "cmd.sources.usage", "cmd.sources.example", "cmd.about.usage",
    "cmd.about.example", "unanswered.line", "unanswered.others", "stats.top_line", "console.count",
    "config.language_value",
}  # fmt: skip
PLAIN = {"not_said.or", "embed.page"}  # Vietnamese words that happen to need no diacritics: " hay ", "Trang"
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)


def test_every_language_has_a_catalogue():
    assert set(CATALOGUES) == set(LANGUAGES) == {"en", "vi"}


def test_every_english_message_has_a_vietnamese_twin_with_the_same_placeholders():
    assert set(vi.MESSAGES) == set(en.MESSAGES), "keys in one catalogue only"
    for key, english in en.MESSAGES.items():
        assert placeholders(vi.MESSAGES[key]) == placeholders(english), key
        assert vi.MESSAGES[key].strip(), key


def test_vietnamese_messages_are_translated_with_diacritics():
    words = {k: v for k, v in vi.MESSAGES.items() if k not in SAME and re.search(r"[A-Za-z]{3}", v)}
    untranslated = [k for k, v in words.items() if v == en.MESSAGES[k] and not k.startswith(("choice.csv", "cmd."))]
    assert not untranslated
    plain = [
        k
        for k, v in words.items()
        if not VIETNAMESE_LETTERS.search(v) and k not in PLAIN and not k.startswith(("cmd.", "choice."))
    ]
    assert not plain, plain  # written with diacritics, not "Minh chua biet"


def test_the_bot_speaks_to_the_member_as_a_friend():
    assert i18n.text("unknown.title", "vi") == "Mình chưa biết câu này."
    assert i18n.text("not_said.title", "vi").startswith("Các bài báo không nói")
    assert i18n.text("cooldown.notice", "vi", seconds=3) == "Chậm lại một chút nhé: thử lại sau 3 giây."


def test_every_key_the_code_names_is_in_the_catalogue():
    """i18n.text("some.key", ...) in the code, and the families named with an f-string (f"cmd.{name}.usage")."""
    named: set[str] = set()
    families: set[str] = set()
    for path in [*(ROOT / "handlers").rglob("*.py"), ROOT / "bot.py"]:
        source = path.read_text(encoding="utf-8")
        named |= set(re.findall(r'i18n\.text\(\s*"([^"{]+)"', source))
        families |= set(re.findall(r'i18n\.text\(\s*f"([^"{]+)\{', source))
    assert len(named) > 150
    assert named - set(en.MESSAGES) == set()
    for family in families:
        assert any(key.startswith(family) for key in en.MESSAGES), family


def test_slash_texts_fit_discord():
    for catalogue in CATALOGUES.values():
        for key, message in catalogue.items():
            if key.startswith(("slash.", "choice.")) or (key.startswith("cmd.") and key.endswith(".description")):
                assert 1 <= len(message) <= 100, key


def test_a_missing_key_is_a_key_error_and_an_unknown_language_is_english():
    with pytest.raises(KeyError):
        i18n.text("no.such.key", "vi")
    assert i18n.text("unknown.title", "fr") == "I don't know that."  # type: ignore[arg-type]
    assert i18n.language(" VI ") == "vi" and i18n.language("fr") is None and i18n.language(None) is None


def test_the_language_setting_comes_from_the_file_or_bot_language(tmp_path):
    assert load_settings(env={}).language == "en"  # config/settings.yaml
    assert load_settings(env={"BOT_LANGUAGE": "vi"}).language == "vi"
    assert load_settings(env={"BOT_LANGUAGE": " VI "}).language == "vi"
    with pytest.raises(SettingsError, match=r"environment BOT_LANGUAGE='fr': language"):
        load_settings(env={"BOT_LANGUAGE": "fr"})
    path = tmp_path / "settings.yaml"
    path.write_text("language: vi\n")
    assert load_settings(path, env={}).language == "vi"
    path.write_text("language: de\n")
    with pytest.raises(SettingsError, match="language"):
        load_settings(path, env={})
