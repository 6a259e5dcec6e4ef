"""Writes ``knowledge/calibration.yaml``: the calibrated decision's weights, learned from the tuning pool.

    python -m benchmarks.calibrate [--dry-run]

Every question of the tuning pool (``tuning=True`` in ``benchmarks.evalset.SETS``), answerable or not, is read by
``Engine.weigh``: the candidate answer and what the model weighs about it. Each set is read by an engine whose
ranker never learned from that set's questions (its examples leave them out), so the ranker's signals are as they
will be for questions no one has labelled. A logistic regression then learns how likely the candidate is right.

Before writing, it prints the honest measure: each set answered by a model trained on the other sets only (leave
one set out), beside the rules alone, at ``Matching.calibrated``. Run it after ``make examples``.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import time
from dataclasses import dataclass, replace

import numpy as np
import yaml

from benchmarks.evalset import SETS, load_questions
from config import ROOT, load_settings
from handlers.core.calibration import allowed
from handlers.core.engine import Engine
from knowledge.loader import load_knowledge
from knowledge.models import CALIBRATION_FEATURES

PATH = ROOT / "knowledge" / "calibration.yaml"
L2 = 0.01  # ridge penalty on the weights: a feature seldom seen cannot take a large weight
HEADER = (
    "# The calibrated decision's weights (handlers/core/calibration.py): a logistic model of how likely the\n"
    "# candidate answer is right. Written by `make calibrate` from the tuning pool (benchmarks/sets); never edit\n"
    "# by hand. Delete the file and the matcher's rules decide alone.\n"
)


@dataclass(frozen=True)
class Row:
    set: str
    lang: str
    expect: frozenset[str]  # empty: must get no answer (an answerable one no entry answers: benchmarks.evalset.GAP)
    rules: str | None  # the rules' answer
    candidate: str | None
    features: dict[str, float]  # empty: the rules decide (an exact name, chatter)

    @property
    def right(self) -> bool:
        return self.candidate is not None and self.candidate in self.expect


def read_pool() -> list[Row]:
    """Every tuning question, read by an engine that did not learn from its set."""
    settings = load_settings(env={})
    knowledge = replace(load_knowledge(PATH.parent), calibration=None, _sources_by_id={})
    pool = [s for s in SETS if s.tuning]
    asked = {s.name: load_questions(s.path) for s in pool}
    rows: list[Row] = []
    for s in pool:
        mine = {q.q for q in asked[s.name]}
        examples = tuple(p for p in knowledge.examples if p[1] not in mine)
        engine = Engine(replace(knowledge, examples=examples, _sources_by_id={}), settings.matching)
        for q in asked[s.name]:
            reply = engine.respond(q.q, addressed=False).reply
            rules = reply.entry_id if reply is not None and reply.answered else None
            weighed = engine.weigh(q.q)
            candidate, f = weighed if weighed else (None, {})
            rows.append(Row(s.name, s.lang, q.expect, rules, candidate, f))
    return rows


# What the weights depend on: the code that reads a question and computes the features, the base and its
# examples, and the tuning sets (their files: a set reported only does not count). A test checks the shipped
# file's digest against them (`make calibrate`).
INPUTS = (
    "handlers/core/*.py",
    "knowledge/*.py",
    "knowledge/*.yaml",
    "config/__init__.py",
    "benchmarks/calibrate.py",
)


def inputs_digest() -> str:
    """A digest of every file the weights depend on (``INPUTS`` and the tuning sets), but the weights' own file."""
    files = {path for pattern in INPUTS for path in ROOT.glob(pattern)} | {s.path for s in SETS if s.tuning}
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(files - {PATH}):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic regression by Newton's method, ridge-penalised (the bias too, lightly)."""
    w = np.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        gradient = x.T @ (p - y) + L2 * w
        hessian = (x.T * (p * (1 - p))) @ x + L2 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def matrix(rows: list[Row]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[r.features[name] for name in CALIBRATION_FEATURES] + [1.0] for r in rows])
    return x, np.array([float(r.right) for r in rows])


def report(rows: list[Row], answers: list[str | None], title: str) -> None:
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for row, got in zip(rows, answers, strict=True):
        c = counts[row.lang]
        if row.expect:
            c["n"] += 1
            c["right"] += got in row.expect
            c["wrong"] += got is not None and got not in row.expect
        else:
            c["neg"] += 1
            c["false"] += got is not None
    for lang, c in sorted(counts.items()):
        right, wrong, abstained = c["right"] / c["n"], c["wrong"] / c["n"], 1 - c["false"] / c["neg"]
        print(
            f"  {title:<18} {lang}: answered right {right:6.1%}  wrong {wrong:5.1%}  abstained {abstained:6.1%}"
            f"  ({c['n']} answerable, {c['neg']} not)"
        )


def answer(row: Row, likely: bool) -> str | None:
    """The calibrated decision's answer, given whether the model finds the candidate likely enough."""
    return row.candidate if likely and allowed(row.features) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the measure, write nothing")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = read_pool()
    weighed = [r for r in rows if r.features]
    x, y = matrix(weighed)
    threshold = load_settings(env={}).matching.calibrated
    sets = np.array([r.set for r in weighed])
    held_out = np.zeros(len(weighed))
    for name in sorted(set(sets)):
        w = fit(x[sets != name], y[sets != name])
        held_out[sets == name] = 1.0 / (1.0 + np.exp(-(x[sets == name] @ w)))
    p = dict(zip(map(id, weighed), held_out, strict=True))
    print(f"{len(rows)} questions of {len(set(r.set for r in rows))} sets, each set left out of what is learned:")
    report(rows, [r.rules for r in rows], "rules")
    for bar in (threshold - 0.1, threshold, threshold + 0.1):
        calibrated = [answer(r, p[id(r)] >= bar) if r.features else r.rules for r in rows]
        report(rows, calibrated, f"calibrated at {bar:.2f}")
    w = fit(x, y)
    data = {
        "bias": round(float(w[-1]), 4),
        "weights": {name: round(float(v), 4) for name, v in zip(CALIBRATION_FEATURES, w[:-1], strict=True)},
        "trained": f"{len(weighed)} questions of {len(set(sets))} tuning sets, {int(y.sum())} candidates right",
        "inputs": inputs_digest(),
    }
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.dry_run:
        return 0
    PATH.write_text(HEADER + yaml.safe_dump(data, sort_keys=False, width=120), encoding="utf-8")
    print(f"wrote {PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
