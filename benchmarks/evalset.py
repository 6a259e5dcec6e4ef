"""The evaluation set and how answers are scored against it, shared by `make eval` and `make bench`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

EVAL_FILE = Path(__file__).resolve().parent / "eval_questions.yaml"
# Two more sets, each written later by a writer who saw neither the other sets nor the bot's answers. They
# were first scored blind (figures in the README); since then they join the tuning pool of `make eval`.
HOLDOUT_FILE = Path(__file__).resolve().parent / "holdout_questions.yaml"
BLIND_FILE = Path(__file__).resolve().parent / "blind_questions.yaml"
EXTRA_SETS = {"second": HOLDOUT_FILE, "third": BLIND_FILE}
# A fourth set, written blind after all tuning: reported by `make eval`, never used for a choice.
FINAL_BLIND_FILE = Path(__file__).resolve().parent / "final_blind_questions.yaml"


@dataclass(frozen=True)
class Question:
    q: str
    expect: frozenset[str]  # ids that answer it; empty: the bot must stay silent

    @property
    def answerable(self) -> bool:
        return bool(self.expect)


def load_questions(path: Path = EVAL_FILE) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question(str(item["q"]), frozenset(item.get("expect") or ())) for item in data["questions"]]


def halves(questions: list[Question]) -> tuple[list[Question], list[Question]]:
    """Tune on one half, report on the other: alternate items, so both halves have the same mix."""
    return questions[0::2], questions[1::2]


@dataclass(frozen=True)
class Score:
    answerable: int
    right: int  # answered with an expected entry
    wrong: int  # answered with another entry
    unanswerable: int
    abstained: int  # stayed silent where it should

    @property
    def right_rate(self) -> float:
        return self.right / self.answerable if self.answerable else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.answerable if self.answerable else 0.0

    @property
    def abstain_rate(self) -> float:
        return self.abstained / self.unanswerable if self.unanswerable else 0.0

    @property
    def balanced(self) -> float:
        """The figure thresholds are chosen on: the worse of the two rates, then their sum."""
        return min(self.right_rate, self.abstain_rate) + 0.01 * (self.right_rate + self.abstain_rate)

    def __str__(self) -> str:
        return (
            f"answered right {self.right}/{self.answerable} ({self.right_rate:.1%}), "
            f"wrong {self.wrong} ({self.wrong_rate:.1%}); "
            f"abstained {self.abstained}/{self.unanswerable} ({self.abstain_rate:.1%})"
        )


def score(questions: Iterable[Question], answer: Callable[[str], str | None]) -> Score:
    """``answer`` maps a question to the id it answers with, or None for silence."""
    answerable = right = wrong = unanswerable = abstained = 0
    for item in questions:
        got = answer(item.q)
        if item.answerable:
            answerable += 1
            right += got in item.expect
            wrong += got is not None and got not in item.expect
        else:
            unanswerable += 1
            abstained += got is None
    return Score(answerable, right, wrong, unanswerable, abstained)
