"""Diagnostic for curators: every miss on the evaluation set, with the top hits and their signals.

    python -m benchmarks.misses [--set second|third]

MISS: silent on an answerable question; WRONG: answered with another entry; ABST: answered where it must not.
"""

from __future__ import annotations

import argparse

from benchmarks.evalset import EVAL_FILE, EXTRA_SETS, load_questions
from config import load_settings
from handlers.engine import Engine
from knowledge import load_knowledge


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(EXTRA_SETS), help="one of the separately written sets instead")
    args = parser.parse_args(argv)
    settings = load_settings(env={})
    engine = Engine(load_knowledge(settings.knowledge_path), settings.matching, settings.prefix)
    for q in load_questions(EXTRA_SETS[args.set] if args.set else EVAL_FILE):
        reply = engine.handle(q.q, addressed=False)
        got = reply.entry_id if reply else None
        if (got in q.expect) if q.expect else got is None:
            continue
        tag = "ABST" if not q.expect else ("WRONG" if got else "MISS")
        print(f"{tag:5} {q.q!r} expected={sorted(q.expect)[:3]} got={got}")
        for h in engine.matcher.search(q.q, 3):
            print(f"        {h.entry.id[:40]:40} score={h.score:.2f} coverage={h.coverage:.2f} fit={h.fit:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
