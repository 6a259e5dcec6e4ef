"""Diagnostic for curators: every miss on a question set, with the top hits and their signals.

    python -m benchmarks.misses [--set NAME]

MISS: silent on an answerable question; WRONG: answered with another entry; FALSE: answered where it must not.
"""

from __future__ import annotations

import argparse

from benchmarks.evalset import SETS, answerers, load_questions
from config import load_settings
from handlers.service import Service


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="eval", choices=[s.name for s in SETS], help="the question set")
    args = parser.parse_args(argv)
    service = Service.start(load_settings(env={}))
    answer, _ = answerers(service)
    for q in load_questions(next(s.path for s in SETS if s.name == args.set)):
        got = answer(q.q)
        if (got in q.expect) if q.expect else got is None:
            continue
        tag = "FALSE" if not q.expect else ("WRONG" if got else "MISS")
        print(f"{tag:5} [{q.kind}] {q.q!r} expected={sorted(q.expect)[:3]} got={got}")
        for h in service.engine.search(q.q, limit=3):
            lacks = f" lacks={sorted(h.lacks)}" if h.lacks else ""
            print(f"        {h.entry.id[:40]:40} score={h.score:.2f} coverage={h.coverage:.2f} fit={h.fit:.2f}{lacks}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
