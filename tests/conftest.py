"""Shared fixtures: the shipped knowledge base, loaded once, and an engine over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import load_settings
from handlers.engine import Engine
from knowledge import Knowledge, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge(ROOT / "knowledge")


@pytest.fixture(scope="session")
def engine(knowledge: Knowledge) -> Engine:
    settings = load_settings(env={})
    return Engine(knowledge, settings.matching, settings.prefix)
