"""Answer quality on the whole evaluation set, through Service.respond: a floor, so a regression fails CI.

`make eval` prints the figures and the threshold sweep; this only keeps them from sliding.
"""

from __future__ import annotations

import pytest

from benchmarks.evalset import GAP, SETS, answerers, load_questions, score


def test_evaluation_set_is_what_the_issue_asks_for():
    questions = load_questions()
    assert sum(q.answerable for q in questions) >= 110
    assert sum(not q.answerable for q in questions) >= 40


@pytest.mark.parametrize("path", [s.path for s in SETS], ids=lambda p: p.name)
def test_every_expected_id_exists(knowledge, path):
    """A renamed or removed entry must be renamed in the question sets too."""
    ids = {e.id for _, e in knowledge.entries()} | {GAP}
    for q in load_questions(path):
        assert q.expect <= ids, q.q


def test_quality_floor(service):
    answer, _ = answerers(service)
    result = score(load_questions(), answer)
    assert result.right_rate >= 0.88, result
    assert result.abstain_rate >= 0.88, result
    assert result.wrong_rate <= 0.05, result
