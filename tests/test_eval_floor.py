"""Answer quality on the whole evaluation set, through Engine.handle: a floor, so a regression fails CI.

`make eval` prints the figures and the threshold sweep; this only keeps them from sliding.
"""

from __future__ import annotations

import pytest

from benchmarks.evalset import EVAL_FILE, EXTRA_SETS, FINAL_BLIND_FILE, load_questions, score


def test_evaluation_set_is_what_the_issue_asks_for():
    questions = load_questions()
    assert sum(q.answerable for q in questions) >= 110
    assert sum(not q.answerable for q in questions) >= 40


@pytest.mark.parametrize("path", [EVAL_FILE, *EXTRA_SETS.values(), FINAL_BLIND_FILE], ids=lambda p: p.name)
def test_every_expected_id_exists(knowledge, path):
    """A renamed or removed entry must be renamed in the question sets too."""
    ids = {e.id for _, e in knowledge.entries()}
    for q in load_questions(path):
        assert q.expect <= ids, q.q


def test_quality_floor(engine):
    def answer(text: str) -> str | None:
        reply = engine.handle(text, addressed=False)
        return reply.entry_id if reply else None

    result = score(load_questions(), answer)
    assert result.right_rate >= 0.88, result
    assert result.abstain_rate >= 0.88, result
    assert result.wrong_rate <= 0.05, result
