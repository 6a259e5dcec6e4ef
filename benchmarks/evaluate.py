"""`make eval`: per question set, answered right, answered wrong, right within one click, and abstained.

Every answer goes through the one path, ``Service.respond``, as a message in a listed channel. The sets in the
tuning pool (``benchmarks.evalset.SETS``) are where settings are chosen; the first evaluation set's odd half is never
used for a choice. ``--sweep FIELD=V1,V2 ...`` tries any ``config.Matching`` field(s) on the tuning pool.

    python -m benchmarks.evaluate [--sweep answer_threshold=0.6,0.65,0.7 margin=0,0.02] [-v SET]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace

from benchmarks.evalset import SETS, Question, Score, answerers, halves, load_questions, score
from config import Matching, Settings, load_settings
from handlers.core.engine import Engine
from handlers.service import Service
from knowledge import load_knowledge
from knowledge.models import Knowledge


def service_for(settings: Settings, knowledge: Knowledge, matching: Matching | None = None) -> Service:
    matching = matching or settings.matching
    return Service(settings.model_copy(update={"matching": matching}), Engine(knowledge, matching))


def evaluate(service: Service, questions: list[Question]) -> Score:
    answer, first_offer = answerers(service)
    return score(questions, answer, first_offer)


def parse_sweep(specs: list[str]) -> dict[str, list[float]]:
    grid = {}
    for spec in specs:
        name, _, values = spec.partition("=")
        if name not in Matching.model_fields:
            raise SystemExit(f"unknown Matching field {name!r} (known: {', '.join(Matching.model_fields)})")
        grid[name] = [float(v) for v in values.split(",") if v]
    return grid


def few_phrasings(knowledge: Knowledge, keep: int) -> Knowledge:
    """The base with each entry's questions cut to its first ``keep``."""
    cut = {
        kind: tuple(e.model_copy(update={"questions": e.questions[:keep]}) for e in knowledge.kind(kind))
        for kind in ("facts", "quotes", "policies", "comparisons")
    }
    return replace(knowledge, **cut)


def ablation(settings: Settings, knowledge: Knowledge, sets: dict[str, list[Question]]) -> None:
    """Right / abstained per set with the concept lexicon (synonyms.yaml) removed, with each entry's phrasings cut
    to three, and both: whichever removal costs more is the one that helps more."""
    variants = {
        "shipped": knowledge,
        "no concept lexicon": replace(knowledge, synonyms=()),
        "3 phrasings an entry": few_phrasings(knowledge, 3),
        "neither": replace(few_phrasings(knowledge, 3), synonyms=()),
    }
    names = [s.name for s in SETS if s.name in sets]
    print("\nablation (right % / abstained %), per set:")
    print(f"  {'':<22}" + "".join(f"{n:>16}" for n in names))
    for label, base in variants.items():
        service = service_for(settings, base)
        cells = []
        for n in names:
            result = evaluate(service, sets[n])
            cells.append(f"{result.right_rate:6.1%} / {result.abstain_rate:5.1%}")
        print(f"  {label:<22}" + "".join(f"{c:>16}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", nargs="*", default=[], metavar="FIELD=V1,V2", help="Matching fields to try")
    parser.add_argument("-v", "--verbose", metavar="SET", help="list that set's misses")
    parser.add_argument(
        "--ablation", action="store_true", help="the concept lexicon against the entries' many phrasings: which helps"
    )
    args = parser.parse_args(argv)

    settings = load_settings(env={})
    knowledge = load_knowledge(settings.knowledge_path)
    sets = {s.name: load_questions(s.path) for s in SETS if s.path.exists()}
    tune_half, report_half = halves(sets["eval"])
    pool = tune_half + [q for s in SETS if s.tuning and s.name != "eval" and s.name in sets for q in sets[s.name]]
    service = service_for(settings, knowledge)

    print("per set, through Service.respond (right / wrong / right within one click; abstained):")
    print(f"  {'eval, report half':<20} {len(report_half):>4}  {evaluate(service, report_half)}")
    for s in SETS:
        if s.name in sets:
            label = f"{s.name} ({s.lang}{'' if s.tuning else ', reported only'})"
            print(f"  {label:<20} {len(sets[s.name]):>4}  {evaluate(service, sets[s.name])}")
    print(f"  {'tuning pool':<20} {len(pool):>4}  {evaluate(service, pool)}")

    grid = parse_sweep(args.sweep)
    if grid:
        print(f"\nsweep on the tuning pool ({len(pool)} questions):")
        shipped = settings.matching.model_dump()
        results = []
        for values in itertools.product(*grid.values()):
            update = dict(zip(grid, values, strict=True))
            matching = Matching(**{**shipped, **update})
            result = evaluate(service_for(settings, knowledge, matching), pool)
            results.append((result.balanced, update, result))
            print(f"  {update}: {result}")
        best = max(results, key=lambda r: r[0])
        print(f"best: {best[1]}: {best[2]}")

    if args.ablation:
        ablation(settings, knowledge, sets)

    if args.verbose:
        answer, _ = answerers(service)
        print(f"\nmisses in {args.verbose}:")
        for q in sets[args.verbose]:
            got = answer(q.q)
            if (got in q.expect) if q.answerable else got is None:
                continue
            tag = "FALSE" if not q.answerable else ("WRONG" if got else "MISS")
            top = [(h.entry.id, round(h.score, 2)) for h in service.engine.search(q.q, limit=3)]
            print(f"  {tag:5} [{q.kind}] {q.q!r}: expected {sorted(q.expect) or 'silence'}, got {got}; top {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
