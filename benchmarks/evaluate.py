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

from benchmarks.evalset import EXTRA_SETS, FINAL_BLIND_FILE, Question, Score, halves, load_questions, score
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
    tune_half, report = halves(questions)
    extra = {name: load_questions(path) for name, path in EXTRA_SETS.items() if path.exists()}
    tune = tune_half + [q for qs in extra.values() for q in qs]
    n_ans = sum(q.answerable for q in questions)
    print(f"evaluation set: {len(questions)} questions ({n_ans} answerable, {len(questions) - n_ans} must abstain)")
    for name, qs in extra.items():
        print(f"{name} set: {len(qs)} questions ({EXTRA_SETS[name].name})")
    print(
        f"tuning pool: the evaluation set's tune half + {', '.join(extra) or 'nothing else'} = {len(tune)} questions;"
    )
    print(f"report half: {len(report)} questions, never used for a choice\n")

    base = Engine(knowledge, settings.matching, settings.prefix)
    results = sweep(base, tune)
    print("sweep on the tuning pool (answered right / abstained):")
    print("threshold " + "".join(f"  margin {m:<11}" for m in MARGINS))
    for t in THRESHOLDS:
        row = "".join(f"  {results[t, m].right_rate:6.1%} / {results[t, m].abstain_rate:6.1%}" for m in MARGINS)
        print(f"{t:<9}{row}")
    (best_t, best_m), best = max(results.items(), key=lambda kv: (kv[1].balanced, kv[0][0]))
    print(f"\nbest on the tuning pool: answer_threshold {best_t}, margin {best_m}: {best}")

    shipped = settings.matching
    print(f"shipped (config/settings.yaml): answer_threshold {shipped.answer_threshold}, margin {shipped.margin}")
    for label, matching in (
        ("shipped", shipped),
        ("best", Matching(**{**shipped.model_dump(), "answer_threshold": best_t, "margin": best_m})),
    ):
        engine = Engine(knowledge, matching, settings.prefix)
        parts = {"report half": report, "tune half": tune_half, **extra}
        for part, qs in parts.items():
            print(f"  {label:<8}{part:<12} {score(qs, engine_answer(engine))}")

    if FINAL_BLIND_FILE.exists():
        blind = load_questions(FINAL_BLIND_FILE)
        print(f"\nfourth set ({len(blind)} questions, {FINAL_BLIND_FILE.name}), written blind after all tuning:")
        print(f"  {'shipped':<20} {score(blind, engine_answer(base))}")

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
