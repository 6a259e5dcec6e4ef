"""Settings: the shipped file is valid, the environment overrides it, and bad values are named."""

from __future__ import annotations

import io
import re

import pytest

from config import SettingsError, load_settings
from tests.conftest import ROOT


def test_shipped_settings_are_valid():
    settings = load_settings(env={})
    assert settings.prefix == "!" and settings.token is None
    assert 0 < settings.matching.answer_threshold <= 1


def test_environment_overrides():
    env = {
        "DISCORD_TOKEN": "abc.def",
        "BOT_PREFIX": "?",
        "ANSWER_CHANNELS": "1, 2",
        "OWNER_IDS": "3",
        "LOG_LEVEL": "debug",
        "SHARD_COUNT": "2",
        "SHARD_IDS": "0,1",
    }
    settings = load_settings(env=env)
    assert settings.token == "abc.def" and settings.prefix == "?"
    assert settings.answer_channels == (1, 2) and settings.owner_ids == (3,)
    assert settings.log_level == "DEBUG"
    assert settings.shard_count == 2 and settings.shard_ids == (0, 1)


def test_token_is_never_in_repr():
    assert "abc.def" not in repr(load_settings(env={"DISCORD_TOKEN": "abc.def"}))


def test_answer_channels_all():
    assert load_settings(env={"ANSWER_CHANNELS": "all"}).answer_all_channels


def test_bad_values_are_named(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("prefix: ''\nmatching:\n  answer_threshold: 2\ncolours:\n  fact: red\n")
    with pytest.raises(SettingsError) as info:
        load_settings(path, env={})
    text = "\n".join(info.value.errors)
    assert "prefix" in text and "matching.answer_threshold" in text and "colours.fact" in text


def test_token_in_the_file_is_refused(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("token: secret\n")
    with pytest.raises(SettingsError, match="environment"):
        load_settings(path, env={})


def test_bad_ids_in_the_environment():
    with pytest.raises(SettingsError, match="comma-separated"):
        load_settings(env={"OWNER_IDS": "me"})


def test_every_line_of_env_example_parses_to_a_clean_value_when_uncommented():
    from dotenv import dotenv_values

    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    settings_lines = [line.removeprefix("# ") for line in lines if re.match(r"^(# )?[A-Z_]+=", line)]
    values = dotenv_values(stream=io.StringIO("\n".join(settings_lines)))
    assert "BOT_DATA_DIR" in values and values["BOT_DATA_DIR"] == "data"
    env = {k: v for k, v in values.items() if v and k != "DISCORD_TOKEN"}
    settings = load_settings(env=env)  # every example value is one the settings accept
    assert settings.answer_channels == (123456789012345678, 234567890123456789)


def test_database_url_comes_from_the_environment_and_stays_out_of_repr():
    settings = load_settings(env={"DATABASE_URL": " postgresql://bot:s3cret@db.example/industrybot "})
    assert settings.database_url == "postgresql://bot:s3cret@db.example/industrybot"
    assert "s3cret" not in repr(settings)
    assert load_settings(env={"DATABASE_URL": ""}).database_url is None  # empty: SQLite
    with pytest.raises(SettingsError, match="database_url"):
        load_settings(env={"DATABASE_URL": "sqlite:///data/x.sqlite3"})


def test_a_database_url_with_a_password_in_the_file_is_refused(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("database_url: postgresql://bot@db.example/industrybot\n")
    assert load_settings(path, env={}).database_url == "postgresql://bot@db.example/industrybot"
    path.write_text("database_url: postgresql://bot:s3cret@db.example/industrybot\n")
    with pytest.raises(SettingsError, match=r"environment or \.env") as info:
        load_settings(path, env={})
    assert "s3cret" not in str(info.value)


@pytest.mark.parametrize("prefix", ["\u200b", "！", "?\u200d", "\u0301!"])
def test_a_prefix_must_be_visible_and_no_look_alike(prefix):
    with pytest.raises(SettingsError, match="prefix"):
        load_settings(env={"BOT_PREFIX": prefix})


@pytest.mark.parametrize("per", ["nan", "inf"])
def test_cooldown_numbers_are_finite(tmp_path, per):
    path = tmp_path / "settings.yaml"
    path.write_text(f"cooldowns:\n  answers_per_user: {{rate: 2, per: {per}}}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="per"):
        load_settings(path, env={})


def test_an_environment_error_names_the_variable_and_every_error_is_listed():
    with pytest.raises(SettingsError) as info:
        load_settings(env={"ANSWER_CHANNELS": "abc", "OWNER_IDS": "me", "BOT_PREFIX": "toolong", "SHARD_COUNT": "x"})
    errors = info.value.errors
    assert len(errors) == 4
    assert any(e.startswith("environment ANSWER_CHANNELS='abc': expected comma-separated numbers") for e in errors)
    assert any(e.startswith("environment OWNER_IDS='me'") for e in errors)
    assert any(e.startswith("environment BOT_PREFIX='toolong': prefix:") for e in errors)
    assert any(e.startswith("environment SHARD_COUNT='x': expected a whole number") for e in errors)


def test_file_and_environment_errors_come_together(tmp_path):
    path = tmp_path / "settings.yaml"
    path.write_text("token: secret\nmatching:\n  answer_threshold: 2\n")
    with pytest.raises(SettingsError) as info:
        load_settings(path, env={"LOG_LEVEL": "LOUD"})
    text = "\n".join(info.value.errors)
    assert "token: set it in the environment" in text and "matching.answer_threshold" in text
    assert "environment LOG_LEVEL='LOUD': log_level" in text
    assert "secret" not in text
