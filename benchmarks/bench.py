"""`make bench`: speed, memory and accuracy of the matcher, beside two baselines, in one run.

For the shipped base and synthetic bases of 1,000, 10,000 and 100,000 entries it prints the per-question
latency of the engine's free-text path (p50, p99), the index build time and the peak memory of a process
that loads the base and builds the index. Beside it, measured in the same run on the same questions:
rapidfuzz ``process.extractOne`` with WRatio over every question string, and BM25 (rank-bm25). Accuracy is
on the evaluation set, each method's cut-off chosen on the tune half and reported on the other.

Targets: p99 <= 2 ms on the shipped base and <= 20 ms at 10,000 entries; start-up (imports, load, index)
under 1 s; accuracy above both baselines. The figures are printed, not asserted: tests assert behaviour.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.evalset import Question, Score, halves, load_questions, score

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1_000, 10_000, 100_000)
QUERIES = 400  # questions timed per synthetic base


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def timed(fn: Callable[[str], object], questions: list[str], repeat: int = 1) -> tuple[float, float]:
    """p50 and p99 latency in ms of ``fn`` over ``questions`` (after one warm-up pass)."""
    for q in questions[:20]:
        fn(q)
    samples = []
    for _ in range(repeat):
        for q in questions:
            start = time.perf_counter()
            fn(q)
            samples.append((time.perf_counter() - start) * 1000)
    return percentile(samples, 50), percentile(samples, 99)


# ----- synthetic bases ----------------------------------------------------------------------------------


def synthetic_entries(n: int, seed: int = 7) -> list[tuple[str, object]]:
    """``n`` facts in the shipped base's vocabulary plus made-up words, with Zipf-like word frequencies."""
    from knowledge import load_knowledge
    from knowledge.models import Fact

    rng = random.Random(seed)
    kb = load_knowledge()
    real = sorted({w for f in kb.facts for w in f.text.lower().split() if w.isalpha() and len(w) > 3})
    made_up = ["".join(rng.choice("bcdfghklmnprstvxz") + rng.choice("aeiou") for _ in range(3)) for _ in range(20_000)]
    vocab = real + made_up
    weights = [1 / (i + 1) ** 0.8 for i in range(len(vocab))]
    rng.shuffle(weights)
    entries = []
    for i in range(n):
        words = rng.choices(vocab, weights, k=40)
        text = " ".join(words[:25]) + "."
        questions = tuple(" ".join(rng.sample(words, 5)) for _ in range(4))
        fact = Fact(
            id=f"synthetic-{i}",
            text=text,
            source="social-responsibility",
            questions=questions,
            keywords=tuple(words[25:30]),
            aliases=(f"{words[30]} {words[31]} {i}",),
        )
        entries.append(("facts", fact))
    return entries


def synthetic_queries(entries: list[tuple[str, object]], k: int, seed: int = 11) -> list[str]:
    """Questions as members type them: a known question with a word dropped and a typo, or a stranger."""
    rng = random.Random(seed)
    out = []
    for _ in range(k):
        entry = rng.choice(entries)[1]
        words = rng.choice(entry.questions).split()
        words.pop(rng.randrange(len(words)))
        w = rng.randrange(len(words))
        if len(words[w]) > 4:
            j = rng.randrange(len(words[w]) - 1)
            words[w] = words[w][:j] + words[w][j + 1] + words[w][j] + words[w][j + 2 :]
        out.append("what about " + " ".join(words) if rng.random() < 0.8 else "who won the world cup last night")
    return out


def one_base(size: int) -> dict[str, float]:
    """Run in a child process: build the index for one base and time it; report peak memory (RSS)."""
    from config import load_settings
    from handlers.core.engine import Engine
    from handlers.service import Service
    from knowledge import load_knowledge

    settings = load_settings(env={})
    if size == 0:
        start = time.perf_counter()
        kb = load_knowledge()
        engine = Engine(kb, settings.matching)
        build = time.perf_counter() - start
        questions = [q.q for q in load_questions()]
        entries = sum(kb.counts().values()) - kb.counts()["sources"]
    else:
        from dataclasses import replace

        kb = load_knowledge()
        entries_list = synthetic_entries(size)
        start = time.perf_counter()
        kb = replace(kb, facts=tuple(e for _, e in entries_list), quotes=(), policies=(), comparisons=())
        engine = Engine(kb, settings.matching)
        build = time.perf_counter() - start
        questions = synthetic_queries(entries_list, QUERIES) + [q.q for q in load_questions()][:100]
        entries = size
    service = Service(settings, engine)
    p50, p99 = timed(lambda q: service.respond(q, addressed=False), questions, repeat=3 if size == 0 else 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
    return {"entries": entries, "build_s": build, "p50_ms": p50, "p99_ms": p99, "peak_mib": peak}


def child(size: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--one", str(size)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# ----- baselines ------------------------------------------------------------------------------------------


def baselines(questions: list[Question]) -> None:
    from rank_bm25 import BM25Okapi
    from rapidfuzz import fuzz, process, utils

    from config import load_settings
    from handlers.core.decision import decide
    from handlers.core.fields import body_texts, key_texts
    from handlers.core.scoring import search
    from handlers.core.text import tokens
    from handlers.service import Service
    from knowledge import load_knowledge

    kb = load_knowledge()
    settings = load_settings(env={})
    service = Service.start(settings)
    index = service.engine.index
    tune, report = halves(questions)
    texts = [q.q for q in questions]

    # rapidfuzz: every question string of every entry, WRatio, answer above a cut-off.
    choices, owners = [], []
    for _, entry in kb.entries():
        for q in entry.questions:
            choices.append(utils.default_process(q))
            owners.append(entry.id)

    def wratio_best(text: str) -> tuple[str, float]:
        found = process.extractOne(utils.default_process(text), choices, scorer=fuzz.WRatio)
        return (owners[found[2]], found[1]) if found else ("", 0.0)

    # BM25 over each entry's questions, names, keywords and text, with the engine's own tokenizer.
    docs, doc_ids = [], []
    for _, entry in kb.entries():
        docs.append(tokens(" ".join(key_texts(entry) + body_texts(entry))))
        doc_ids.append(entry.id)
    bm25 = BM25Okapi(docs)

    def bm25_best(text: str) -> tuple[str, float]:
        toks = tokens(text)
        if not toks:
            return "", 0.0
        scores = bm25.get_scores(toks)
        best = max(range(len(scores)), key=scores.__getitem__)
        return doc_ids[best], float(scores[best])

    def engine_best(text: str) -> str | None:
        reply = service.respond(text, addressed=False).reply
        return reply.entry_id if reply else None

    def tuned(best: Callable[[str], tuple[str, float]], cutoffs: list[float]) -> tuple[float, Score, Score]:
        cache = {t: best(t) for t in texts}

        def at(cut: float) -> Callable[[str], str | None]:
            return lambda t: cache[t][0] if cache[t][1] >= cut else None

        cut = max(cutoffs, key=lambda c: score(tune, at(c)).balanced)
        return cut, score(report, at(cut)), score(questions, at(cut))

    print("\naccuracy on the evaluation set (cut-offs chosen on the tune half; report half, then all):")
    rows = [("engine (shipped settings)", None, score(report, engine_best), score(questions, engine_best))]
    cut, rep, full = tuned(wratio_best, [float(c) for c in range(50, 101, 2)])
    rows.append((f"rapidfuzz WRatio extractOne, cut-off {cut:.0f}", None, rep, full))
    cut, rep, full = tuned(bm25_best, [c / 2 for c in range(0, 61)])
    rows.append((f"BM25 Okapi, cut-off {cut:.1f}", None, rep, full))
    for name, _, rep, full in rows:
        print(f"  {name}")
        print(f"    report half: {rep}")
        print(f"    all:         {full}")

    print("\nlatency on the shipped base, same questions (ms):")
    for name, fn in (
        ("Service.respond (free text)", lambda t: service.respond(t, addressed=False)),
        ("analyse + search + decide", lambda t: decide(search(index.analyse(t), index, 8), 0.65, settings.matching)),
        ("rapidfuzz WRatio extractOne", wratio_best),
        ("BM25 Okapi", bm25_best),
    ):
        p50, p99 = timed(fn, texts, repeat=3)
        print(f"  {name:<30} p50 {p50:6.3f}  p99 {p99:6.3f}")


def startup() -> float:
    """Wall time of a fresh process that imports, loads, indexes, opens the store, answers and records one question.

    The records go to a temporary data folder, never to the project's own.
    """
    best = float("inf")
    with tempfile.TemporaryDirectory() as data:
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "bot.py", "ask", "what is resolution 57"],
                cwd=ROOT,
                capture_output=True,
                check=True,
                env={**os.environ, "BOT_DATA_DIR": data},
            )
            best = min(best, time.perf_counter() - start)
    return best


def recorded_path(questions: list[Question]) -> None:
    """The whole path a Discord message takes: Service.handle, which answers and records, on each store engine."""
    print("\nthe whole path with recording (Service.handle + SQLite in WAL mode), ms per message:")
    with tempfile.TemporaryDirectory() as data:
        asyncio.run(_recorded(questions, {"BOT_DATA_DIR": data, "DATABASE_URL": ""}))
    _recorded_on_postgres(questions)


def _recorded_on_postgres(questions: list[Question]) -> None:
    """The same on PostgreSQL through asyncpg: a throwaway cluster on this machine, with its default durability
    (fsync and synchronous commit on), started and stopped here. Skipped, saying why, without PostgreSQL."""
    from tests.pgcluster import find_postgres, throwaway_cluster

    bindir, reason = find_postgres()
    if bindir is None:
        print(f"\nthe whole path with recording on PostgreSQL: skipped, {reason}")
        return
    with throwaway_cluster(durable=True) as cluster:
        version = cluster.psql("SHOW server_version").split()[0]
        print(f"\nthe whole path with recording (Service.handle + PostgreSQL {version} on 127.0.0.1 through asyncpg,")
        print("a pool of 10, fsync and synchronous commit on), ms per message:")
        with tempfile.TemporaryDirectory() as data:
            asyncio.run(_recorded(questions, {"BOT_DATA_DIR": data, "DATABASE_URL": cluster.new_database("bench")}))


async def _recorded(questions: list[Question], env: dict[str, str]) -> None:
    from config import load_settings
    from handlers.service import Service, Where

    texts = [q.q for q in questions]
    service = Service.start(load_settings(env=env))
    where = Where(server="1", channel="2")
    async with service.session():
        assert service.store.available, service.store.problem
        for addressed in (False, True):
            samples = []
            for text in texts * 2:
                start = time.perf_counter()
                await service.handle(text, addressed=addressed, where=where)
                samples.append((time.perf_counter() - start) * 1000)
            label = "mentioned (every question recorded)" if addressed else "answer channel (answers, near misses)"
            print(f"  {label:<40} p50 {percentile(samples, 50):6.3f}  p99 {percentile(samples, 99):6.3f}")
        before = (await service.store.stats(None, None)).asked
        burst = texts * 4
        start = time.perf_counter()
        await asyncio.gather(*(service.handle(t, addressed=True, where=where) for t in burst))
        seconds = time.perf_counter() - start
        stats = await service.store.stats(None, None)
        print(f"  burst of {len(burst):,} concurrent mentions: {len(burst) / seconds:,.0f} messages/s, "
              f"{stats.asked - before:,} of {len(burst):,} rows recorded")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="IndustryBot benchmark")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="synthetic base sizes")
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(one_base(args.one)))
        return 0

    print(f"start-up (process start, imports, load, index, one answer): {startup():.3f} s (target < 1 s)")
    print("\nfree-text latency per question through Service.respond, and index build (each base in its own process):")
    print(f"  {'base':<10}{'entries':>9}{'build s':>10}{'p50 ms':>9}{'p99 ms':>9}{'peak MiB':>10}  target p99")
    for size in (0, *args.sizes):
        r = child(size)
        target = {0: "2 ms", 10_000: "20 ms"}.get(size, "")
        name = "shipped" if size == 0 else f"{size:,}"
        print(
            f"  {name:<10}{r['entries']:>9,.0f}{r['build_s']:>10.3f}{r['p50_ms']:>9.3f}{r['p99_ms']:>9.3f}"
            f"{r['peak_mib']:>10.1f}  {target}"
        )
    questions = load_questions()
    baselines(questions)
    recorded_path(questions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
