"""Writes ``knowledge/examples.yaml``: the tuning pool's answerable questions, by the entries that answer them.

    python -m benchmarks.examples [--check]

The ranker of suggestions (handlers/core/ranker.py) learns from them how members ask for each entry. Only sets in
the tuning pool are used (``tuning=True`` in ``benchmarks.evalset.SETS``): a set reported blind is never learned
from before its first score. ``--check`` fails when the file is not what the pool gives (run by the tests).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from benchmarks.evalset import GAP, SETS, load_questions
from config import ROOT
from knowledge.loader import load_knowledge

PATH = ROOT / "knowledge" / "examples.yaml"
HEADER = (
    "# Members' questions labelled with the entries that answer them: the tuning pool of blind question sets\n"
    "# (benchmarks/sets). Written by `make examples`; never edit by hand. They teach the ranker\n"
    "# (handlers/core/ranker.py): it orders suggestions, learns members' words for each entry and may confirm\n"
    "# the matcher's best answer; an example is never answered as such.\n"
)


def render(folder: Path | None = None) -> str:
    """The file the pool gives, entries in the base's order."""
    knowledge = load_knowledge(folder or PATH.parent)
    order = {entry_id: i for i, (_, entry_id) in enumerate(knowledge.ids())}
    by_entry: dict[str, dict[str, None]] = {}
    for s in SETS:
        if not s.tuning:
            continue
        for q in load_questions(s.path):
            for entry_id in sorted(q.expect - {GAP}):
                if entry_id in order:
                    by_entry.setdefault(entry_id, {})[q.q] = None
    rows = [{"id": i, "questions": list(qs)} for i, qs in sorted(by_entry.items(), key=lambda kv: order[kv[0]])]
    body = yaml.safe_dump({"examples": rows}, allow_unicode=True, sort_keys=False, width=120)
    return HEADER + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not PATH.exists() or PATH.read_text(encoding="utf-8") != text:
            print(f"{PATH.name} is out of date: run `make examples`", file=sys.stderr)
            return 1
        return 0
    PATH.write_text(text, encoding="utf-8")
    print(f"wrote {PATH} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
