"""`make eval`: answered-right and abstained rates on the evaluation set, and a sweep of the thresholds.

Thresholds are chosen on one half of the set and reported on the other. The reported figures go through
the same path as a message in a listed channel: ``Engine.handle(text, addressed=False)``.
"""

from __future__ import annotations

import argparse
import copy
import itertools
import sys
from collections.abc import Callable

from benchmarks.evalset import REPORT_ONLY, Question, Score, halves, load_questions, score
from config import Matching, load_settings
from handlers.engine import Engine
from knowledge import load_knowledge

THRESHOLDS = [round(0.40 + 0.05 * i, 2) for i in range(11)]  # 0.40 .. 0.90
MARGINS = [0.0, 0.02, 0.05, 0.08, 0.12]


def engine_answer(engine: Engine) -> Callable[[str], str | None]:
    def answer(text: str) -> str | None:
        reply = engine.handle(text, addressed=False)
        return reply.entry_id if reply is not None else None

    return answer


def sweep(engine: Engine, questions: list[Question]) -> dict[tuple[float, float], Score]:
    """Every (threshold, margin), each through ``Engine.handle`` itself; the matcher's index is shared."""
    results = {}
    for threshold, margin in itertools.product(THRESHOLDS, MARGINS):
        variant = copy.copy(engine)
        variant.matching = engine.matching.model_copy(update={"answer_threshold": threshold, "margin": margin})
        results[threshold, margin] = score(questions, engine_answer(variant))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the misses on the report half")
    args = parser.parse_args(argv)

    settings = load_settings(env={})
    knowledge = load_knowledge(settings.knowledge_path)
    questions = load_questions()
    tune, report = halves(questions)
    n_ans = sum(q.answerable for q in questions)
    print(f"evaluation set: {len(questions)} questions ({n_ans} answerable, {len(questions) - n_ans} must abstain)")
    print(f"tune half: {len(tune)}, report half: {len(report)}\n")

    base = Engine(knowledge, settings.matching, settings.prefix)
    results = sweep(base, tune)
    print("sweep on the tune half (answered right / abstained):")
    print("threshold " + "".join(f"  margin {m:<11}" for m in MARGINS))
    for t in THRESHOLDS:
        row = "".join(f"  {results[t, m].right_rate:6.1%} / {results[t, m].abstain_rate:6.1%}" for m in MARGINS)
        print(f"{t:<9}{row}")
    (best_t, best_m), best = max(results.items(), key=lambda kv: (kv[1].balanced, kv[0][0]))
    print(f"\nbest on the tune half: answer_threshold {best_t}, margin {best_m}: {best}")

    shipped = settings.matching
    print(f"shipped (config/settings.yaml): answer_threshold {shipped.answer_threshold}, margin {shipped.margin}")
    for label, matching in (
        ("shipped", shipped),
        ("tuned", Matching(**{**shipped.model_dump(), "answer_threshold": best_t, "margin": best_m})),
    ):
        engine = Engine(knowledge, matching, settings.prefix)
        for half_name, half in (("tune", tune), ("report", report)):
            print(f"  {label:<8}{half_name:<7} {score(half, engine_answer(engine))}")
    print(f"  {'shipped':<8}{'all':<7} {score(questions, engine_answer(base))}")

    for name, path in REPORT_ONLY.items():
        if path.exists():
            extra = load_questions(path)
            print(f"\n{name} set ({len(extra)} questions, {path.name}; written separately, not in the tuning halves):")
            print(f"  {'shipped':<15} {score(extra, engine_answer(base))}")

    if args.verbose:
        answer = engine_answer(base)
        print("\nmisses on the report half (shipped settings):")
        for q in report:
            got = answer(q.q)
            if (got in q.expect) if q.answerable else got is None:
                continue
            top = [(h.entry.id, round(h.score, 2)) for h in base.matcher.search(q.q, 3)]
            print(f"  {q.q!r}: expected {sorted(q.expect) or 'silence'}, got {got}; top {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
