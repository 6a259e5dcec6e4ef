"""Building the index: the same Tables read in one process or two, and whatever the child does."""

from __future__ import annotations

import re

import numpy as np
import pytest

from config import load_settings
from handlers.core import build
from handlers.core.engine import Engine
from handlers.core.index import ROLE_ISSUED, Tables


def tables(knowledge: object) -> Tables:
    return Engine(knowledge, load_settings(env={}).matching).index.tables  # type: ignore[arg-type]


def same(a: Tables, b: Tables) -> bool:
    arrays = a.arrays.keys() == b.arrays.keys() and all(
        a.arrays[n].dtype == b.arrays[n].dtype and np.array_equal(a.arrays[n], b.arrays[n]) for n in a.arrays
    )
    return arrays and (a.words, a.name_keys, a.people, a.entities, a.common) == (
        b.words,
        b.name_keys,
        b.people,
        b.entities,
        b.common,
    )


@pytest.fixture
def alone(knowledge: object, monkeypatch: pytest.MonkeyPatch) -> Tables:
    """The shipped base's Tables read in this process only."""
    monkeypatch.setattr(build, "PARALLEL", 10**9)
    return tables(knowledge)


@pytest.fixture
def in_two(alone: Tables, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on every base is read in two processes (a forked child reads part of it); counts those builds."""
    used: list[int] = []
    real = build._in_two

    def counted(builder: build.Builder) -> object:
        used.append(len(builder.entries))
        return real(builder)

    monkeypatch.setattr(build, "PARALLEL", 1)
    monkeypatch.setattr(build, "CHUNK", 7)
    monkeypatch.setattr(build, "_can_fork", lambda: True)
    monkeypatch.setattr(build, "_in_two", counted)
    return used


def test_a_base_read_in_two_processes_gives_the_same_tables(knowledge, alone, in_two):
    together = tables(knowledge)
    assert in_two == [len(knowledge.answerable())]
    assert same(alone, together)


def test_a_child_that_fails_leaves_its_entries_to_be_read_here(knowledge, alone, in_two, monkeypatch):
    real = build._child_read

    def fails(lo: int, hi: int) -> bytes:
        if lo > 60:
            raise RuntimeError("the child fails part way")
        return real(lo, hi)

    monkeypatch.setattr(build, "_child_read", fails)
    assert same(tables(knowledge), alone)
    monkeypatch.setattr(build, "_child_scan", lambda lo, hi: 1 / 0)
    assert same(tables(knowledge), alone)
    assert len(in_two) == 2


def test_a_base_is_read_here_when_no_child_can_be_forked(knowledge, monkeypatch):
    monkeypatch.setattr(build, "PARALLEL", 1)
    monkeypatch.setattr(build, "_in_two", lambda builder: pytest.fail("no child may be forked"))
    monkeypatch.setattr(build.threading, "active_count", lambda: 2)  # another thread runs: no fork
    assert tables(knowledge).arrays["flags"].size == len(knowledge.answerable())


@pytest.mark.parametrize(
    ("text", "issued", "day"),
    [
        ("On 6 May 2017 the Prime Minister issued a directive.", None, True),  # "may" is a stopword, still a month
        ("The directive came out in May 2017.", None, True),
        ("Firms may invest more in 2017.", None, False),  # the verb, and a year: no day
        ("Industry 4.0 may bring change.", None, False),  # "0 may" is no day
        ("The Prime Minister issued a directive.", "2017-05-06", True),  # an exact issue date, given as text
        ("The Prime Minister issued a directive.", "2017", False),
    ],
)
def test_an_entry_gives_a_day_when_it_names_a_month_or_an_exact_date(text, issued, day):
    from handlers.core.index import HAS_DAY
    from knowledge.models import Policy

    entry = Policy(id="d", source="s", name="Directive", summary=text, issued=issued)
    assert bool(build.Reader.flags(entry, text, set()) & HAS_DAY) is day


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("Some 2,000 delegates attended the Industry 4.0 Summit 2018.", False),  # the year names the event
        ("The Industry 4.0 Summit 2018 was held in Hanoi on 12-13 July 2018.", True),
        ("The summit was held in 2018.", True),
        ("Santiago spoke at the 2018 summit.", False),  # the year first, naming it too
        ("UNIDO's Industrial Development Report 2024 says so.", True),  # a report's year: when it came out
        ("Samsung exported 50 billion USD.", False),  # a figure, not a year
    ],
)
def test_an_event_named_with_its_year_is_not_dated_by_it(text, dated):
    from handlers.core.index import HAS_DATE
    from knowledge.models import Fact

    entry = Fact(id="f", source="s", title="t", text=text)
    answered = set(re.findall(r"\w+", text.lower()))  # its words, as the build reads them
    assert bool(build.Reader.flags(entry, text, answered) & HAS_DATE) is dated


def test_a_role_that_issued_something_gives_its_issuer(knowledge):
    """ "Vietnam's Prime Minister issued a Directive" says who issued it, though a role and not a name."""
    entry = knowledge.entry("pm-directive-2017")
    assert build.Reader.flags(entry, "On 6 May 2017 Vietnam's Prime Minister issued a Directive", set()) & ROLE_ISSUED
    assert build.Reader.flags(entry, "the government issued a decree", set()) & ROLE_ISSUED
    assert not build.Reader.flags(entry, "A Directive of the Prime Minister on Industry 4.0", set()) & ROLE_ISSUED
