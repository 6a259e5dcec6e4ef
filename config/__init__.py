"""Settings: config/settings.yaml, overridden by environment variables (and .env, loaded by bot.py)."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator

from handlers.i18n import Lang

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETTINGS = Path(__file__).resolve().parent / "settings.yaml"

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Rate(_Model):
    rate: int = Field(ge=1, le=10_000)
    per: float = Field(gt=0, le=86_400, allow_inf_nan=False)


def visible_prefix(value: str) -> str:
    """A command prefix members can see and type: letters, digits, punctuation or symbols only (no spaces,
    zero-width or control characters, no combining marks), and no look-alike of a plain character ("！" for "!")."""
    if any(unicodedata.category(ch)[0] not in "LNPS" for ch in value):
        raise ValueError("a prefix must be visible characters: no spaces, zero-width, control or combining characters")
    if unicodedata.normalize("NFKC", value) != value:
        raise ValueError(f"looks like {unicodedata.normalize('NFKC', value)!r} but is not: type the plain character")
    return value


class Matching(_Model):
    """Every number that decides which entry answers, in one place: ``make eval`` sweeps any of them.

    The first four are the ones a host is likely to change (config/settings.yaml); the rest are the matcher's
    inner weights, documented in the README's "How it works".
    """

    # The decision: answer, offer, or stay silent.
    answer_threshold: float = Field(0.5, ge=0, le=1)
    margin: float = Field(0.05, ge=0, le=1)
    suggest_threshold: float = Field(0.25, ge=0, le=1)
    max_suggestions: int = Field(3, ge=0, le=10)
    command_score: float = Field(0.5, ge=0, le=1)  # a command that names its kind (!policy X) answers on this bar
    lead_bonus: float = Field(0.5, ge=0, le=2)  # a clear lead over the next entry adds this share of it (to 0.25)
    min_info: float = Field(1.2, ge=0)  # an answer needs matched words worth more than a couple of common ones
    unsaid_threshold: float = Field(0.35, ge=0, le=1)  # "the articles don't say" needs the topic this clearly
    suggest_coverage: float = Field(0.5, ge=0, le=1)  # an entry explaining this much of the question is offered
    # When the matcher's best hit is also the ranker's, by this share of the likelihood among the relevant hits,
    # it answers below the threshold, if it matched words worth this much (handlers/core/ranker.py).
    agree: float = Field(0.99, ge=0, le=1)  # 1: never
    agree_info: float = Field(8.0, ge=0)
    # With a calibrated model (knowledge/calibration.yaml, handlers/core/calibration.py), the candidate answers when
    # the model gives it at least this probability of being right, whatever the rules above decided (an exact name
    # still answers). Higher: fewer wrong answers and fewer right ones; 1: the model answers nothing (names still
    # do, and entries without examples, where the rules decide); 0: every candidate the rules above it allow does.
    calibrated: float = Field(0.6, ge=0, le=1)
    # Scoring: how the signals combine, and what a missing kind of answer costs.
    w_coverage: float = Field(0.45, ge=0, le=1)
    w_fit: float = Field(0.4, ge=0, le=1)
    mismatch: float = Field(0.6, ge=0, le=1)  # the score left to an entry that lacks what the question asks
    doubt_window: float = Field(0.1, ge=0, le=1)  # entries this close to the best may supply the kind asked for
    strange_share: float = Field(0.5, ge=0, le=1)  # a question more than this share unknown words is doubtful
    focus_idf: float = Field(1.5, ge=0)  # a detail question's word this rare must be in the entry that answers it
    # The index: field weights, unknown words, typos, and bounds on work.
    key_weight: float = Field(1.0, gt=0)  # words of what an entry is asked as
    text_weight: float = Field(0.6, gt=0)  # words of what it says
    unknown_idf: float = Field(2.2, ge=0)  # weight of a question word the base does not know
    typo_cutoff: float = Field(85.0, ge=0, le=100)  # rapidfuzz ratio for a word to stand for a known word
    related: float = Field(0.5, ge=0, le=1)  # share of key words two entries of one article share to be one answer
    rerank: int = Field(30, ge=1, le=1000)  # candidates scored in full
    max_tokens: int = Field(40, ge=1, le=200)  # question words read


class Cooldowns(_Model):
    """Limits that stop floods, not curiosity: RoboDanny's spam control, 10 per 12 seconds a member (someone trying
    the bot out, a message every two or three seconds, never meets it), and a cap per channel above what one
    member can use, so that a flood by one leaves room for everyone else."""

    commands_per_user: Rate = Rate(rate=10, per=12)
    answers_per_user: Rate = Rate(rate=10, per=12)
    answers_per_channel: Rate = Rate(rate=25, per=12)
    commands_per_channel: Rate = Rate(rate=25, per=12)


class Pagination(_Model):
    page_size: int = Field(10, ge=1, le=25)
    timeout: float = Field(120, gt=0)


# How far back the curators' reports look (`!unanswered`, `!stats`, `bot.py unanswered`, ...), and the most
# days anything is kept or looked back over.
DEFAULT_DAYS = 30
MAX_DAYS = 3650


def in_days_range(days: int) -> bool:
    return 1 <= days <= MAX_DAYS


class Records(_Model):
    """What the curators' records keep (see the README's "What is stored")."""

    retention_days: int = Field(180, ge=1, le=MAX_DAYS)
    record_authors: bool = False
    near_misses: bool = True  # record channel questions that came close to an answer
    near_miss_score: float = Field(0.3, ge=0, le=1)
    max_text: int = Field(300, ge=20, le=2000)


class Colours(_Model):
    fact: Colour = "#2B6CB0"
    quote: Colour = "#805AD5"
    policy: Colour = "#2F855A"
    comparison: Colour = "#DD6B20"
    list: Colour = "#4A5568"
    info: Colour = "#3182CE"
    unknown: Colour = "#A0AEC0"
    error: Colour = "#C53030"

    def for_kind(self, kind: str) -> int:
        return int(getattr(self, kind, self.info).lstrip("#"), 16)


class Settings(_Model):
    prefix: Annotated[
        str, StringConstraints(min_length=1, max_length=5, pattern=r"^\S+$"), AfterValidator(visible_prefix)
    ] = "!"
    # The language of the bot's own words (help, replies, buttons, reports): en or vi. A server may choose its own
    # (`!config language`); the console and `bot.py ask` take --lang.
    language: Lang = "en"
    knowledge_dir: str = "knowledge"
    data_dir: str = "data"
    # The store: the SQLite file in data_dir unless this names a PostgreSQL database (postgresql://...), which
    # several processes can share. Kept out of repr: it may hold a password.
    database_url: str | None = Field(None, repr=False)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    owner_ids: tuple[int, ...] = ()
    curator_ids: tuple[int, ...] = ()  # besides the owners, who may link a question to an entry (every server's)
    answer_channels: tuple[int, ...] = ()
    answer_all_channels: bool = False
    matching: Matching = Matching()
    cooldowns: Cooldowns = Cooldowns()
    pagination: Pagination = Pagination()
    records: Records = Records()
    colours: Colours = Colours()
    # From the environment only: never written in a file that could be committed.
    token: str | None = Field(None, repr=False)
    shard_count: int | None = Field(None, ge=1)
    shard_ids: tuple[int, ...] | None = None

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not value.strip().lower().startswith(("postgresql://", "postgres://")):
            raise ValueError("expected a PostgreSQL URL, postgresql://user:password@host:5432/database, or none")
        return value.strip()

    @field_validator("language", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().casefold() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @property
    def knowledge_path(self) -> Path:
        return _under_root(self.knowledge_dir)

    @property
    def data_path(self) -> Path:
        return _under_root(self.data_dir)


def _under_root(folder: str) -> Path:
    path = Path(folder).expanduser()
    return path if path.is_absolute() else ROOT / path


class SettingsError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _has_password(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    try:
        return urlsplit(url.strip()).password is not None
    except ValueError:
        return False


def shard_problems(settings: Settings) -> list[str]:
    """What is wrong with this process's slice of the shards (SHARD_COUNT / SHARD_IDS), if anything."""
    ids, count = settings.shard_ids, settings.shard_count
    if not ids:
        return []
    if count is None:
        return ["SHARD_IDS needs SHARD_COUNT (the total number of shards, the same in every process)"]
    outside = [str(i) for i in sorted(set(ids)) if not 0 <= i < count]
    problems = (
        [f"SHARD_IDS: {', '.join(outside)} not among SHARD_COUNT={count}'s shards, 0 to {count - 1}"] if outside else []
    )
    if len(set(ids)) != len(ids):
        problems.append(f"SHARD_IDS: {','.join(map(str, ids))} names a shard twice")
    return problems


def procfile_shard_problems(text: str, label: str = "Procfile") -> list[str]:
    """The workers of a Procfile that set SHARD_IDS must, together, run each shard of one SHARD_COUNT once."""
    problems: list[str] = []
    owner: dict[int, str] = {}
    counts: set[int] = set()
    for n, line in enumerate(text.splitlines(), 1):
        name, colon, command = line.partition(":")
        found = dict(re.findall(r"(?<![\w])(SHARD_COUNT|SHARD_IDS)=(\S+)", command)) if colon else {}
        if line.lstrip().startswith("#") or "SHARD_IDS" not in found:
            continue
        where = f"{label}:{n} ({name.strip()})"
        try:
            ids = tuple(_ids(found["SHARD_IDS"].strip("'\"")))
            count = int(found["SHARD_COUNT"].strip("'\"")) if "SHARD_COUNT" in found else None
        except ValueError as exc:
            problems.append(f"{where}: expected comma-separated numbers: {exc}")
            continue
        problems += [f"{where}: {p}" for p in shard_problems(Settings(shard_ids=ids, shard_count=count))]
        if count is not None:
            counts.add(count)
        for shard in ids:
            if shard in owner and owner[shard] != where:
                problems.append(f"{where}: shard {shard} is run by {owner[shard]} as well")
            owner.setdefault(shard, where)
    if len(counts) > 1:
        problems.append(f"{label}: the workers disagree on SHARD_COUNT ({', '.join(map(str, sorted(counts)))})")
    elif counts:
        (count,) = counts
        if missing := [str(i) for i in range(count) if i not in owner]:
            problems.append(f"{label}: no worker runs shard(s) {', '.join(missing)} of SHARD_COUNT={count}")
    return problems


def _ids(value: str) -> list[int]:
    return [int(part) for part in value.replace(" ", "").split(",") if part]


# Environment variables that override a setting, by the setting they set.
ENV_VARS = {
    "prefix": "BOT_PREFIX",
    "language": "BOT_LANGUAGE",
    "knowledge_dir": "KNOWLEDGE_DIR",
    "data_dir": "BOT_DATA_DIR",
    "log_level": "LOG_LEVEL",
    "database_url": "DATABASE_URL",
    "token": "DISCORD_TOKEN",
    "answer_channels": "ANSWER_CHANNELS",
    "answer_all_channels": "ANSWER_CHANNELS",
    "owner_ids": "OWNER_IDS",
    "curator_ids": "CURATOR_IDS",
    "shard_count": "SHARD_COUNT",
    "shard_ids": "SHARD_IDS",
}


def _env_overrides(env: Mapping[str, str], errors: list[str] | None = None) -> dict[str, Any]:
    """The settings the environment sets. A value that cannot be read is left out and named in ``errors``."""
    errors = errors if errors is not None else []
    out: dict[str, Any] = {}
    for key in ("prefix", "language", "knowledge_dir", "data_dir", "log_level", "database_url", "token"):
        if value := env.get(ENV_VARS[key], "").strip():
            out[key] = value
    channels = env.get("ANSWER_CHANNELS", "").strip()
    if channels.lower() in {"all", "*"}:
        out["answer_all_channels"] = True
    elif channels:
        _numbers(env, "ANSWER_CHANNELS", "answer_channels", "channel ids", out, errors)
    _numbers(env, "OWNER_IDS", "owner_ids", "user ids", out, errors)
    _numbers(env, "CURATOR_IDS", "curator_ids", "user ids", out, errors)
    _numbers(env, "SHARD_IDS", "shard_ids", "shard numbers", out, errors)
    if count := env.get("SHARD_COUNT", "").strip():
        try:
            out["shard_count"] = int(count)
        except ValueError:
            errors.append(f"environment SHARD_COUNT={count!r}: expected a whole number (the total number of shards)")
    return out


def _numbers(env: Mapping[str, str], var: str, key: str, what: str, out: dict[str, Any], errors: list[str]) -> None:
    value = env.get(var, "").strip()
    if not value:
        return
    try:
        out[key] = _ids(value)
    except ValueError:
        extra = ", or all" if var == "ANSWER_CHANNELS" else ""
        errors.append(f"environment {var}={value!r}: expected comma-separated numbers ({what}){extra}")


def load_settings(path: str | os.PathLike[str] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings file and apply environment overrides; raise SettingsError naming every bad value, and the
    environment variable that set it when one did."""
    path = Path(path) if path is not None else DEFAULT_SETTINGS
    env = os.environ if env is None else env
    label = os.path.relpath(path) if path.is_absolute() else str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise SettingsError([f"{label}: settings file not found"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SettingsError([f"{label}: cannot be read: {exc}"]) from None
    if not isinstance(data, dict):
        raise SettingsError([f"{label}: expected a mapping of settings"])
    errors: list[str] = []
    for key in ("token", "shard_count", "shard_ids"):
        if key in data:
            errors.append(f"{label}: {key}: set it in the environment or .env, not in this file")
            del data[key]
    if _has_password(data.get("database_url")):
        errors.append(f"{label}: database_url: a URL with a password goes in the environment or .env")
        del data["database_url"]
    overrides = _env_overrides(env, errors)
    try:
        settings = Settings.model_validate({**data, **overrides})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            field = ".".join(str(p) for p in err["loc"])
            top = err["loc"][0] if err["loc"] else None
            if top in overrides:
                var = ENV_VARS.get(str(top), str(top))
                shown = "***" if top in {"token", "database_url"} else str(env.get(var, "")).strip()
                errors.append(f"environment {var}={shown!r}: {field}: {err['msg']}")
            else:
                errors.append(f"{label}: {field}: {err['msg']}")
        raise SettingsError(errors) from None
    if errors:
        raise SettingsError(errors)
    return settings
