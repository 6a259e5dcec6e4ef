"""`make bench`: speed, memory and accuracy of the matcher, beside two baselines, in one run.

For the shipped base and synthetic bases of 1,000, 10,000 and 100,000 entries (``benchmarks.synthetic``, real
YAML folders read by the real loader) it prints the first start (reading the YAML, building the index, saving
it), a start from the saved index, the per-question latency of the engine's free-text path (p50, p99) and the
peak memory of each process; and the whole ``bot.py ask`` process. Beside it, measured in the same run on the
same questions:
rapidfuzz ``process.extractOne`` with WRatio over every question string, and BM25 (rank-bm25). Accuracy is
on the evaluation set, each method's cut-off chosen on the tune half and reported on the other.

Targets: ``bot.py ask`` at most 0.35 s as a whole process from the saved index; at 100,000 entries a first build
within 20 s, a start from the saved index within 3 s, at most 500 MB and a p99 within 10 ms; accuracy above both
baselines. The figures are printed, not asserted: tests assert behaviour. benchmarks/README.md explains them.
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
from collections.abc import Callable, Sequence
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


def synthetic_queries(entries: Sequence[tuple[str, object]], k: int, seed: int = 11) -> list[str]:
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


def base_folder(size: int) -> Path:
    """The knowledge folder of a base: the shipped one (0), or a synthetic one written once (``benchmarks.synthetic``)
    into benchmarks/results/, which git ignores."""
    if size == 0:
        return ROOT / "knowledge"
    from benchmarks import synthetic

    folder = ROOT / "benchmarks" / "results" / f"synthetic-{size}"
    if not (folder / "facts.yaml").is_file():
        synthetic.write(size, folder)
    return folder


def one_base(size: int, phase: str, data: Path) -> dict[str, float]:
    """Run in a child process, one phase of one base.

    ``build``: read the YAML, build the index and save it into ``data`` (the first start of a base). ``start``: a
    new process that starts from that saved index, then answers questions one by one. Each reports its peak
    memory (RSS), so ``start`` is the memory of a running bot.
    """
    from config import load_settings
    from handlers.core import saved
    from handlers.core.engine import Engine
    from handlers.core.saved import settle
    from handlers.service import Service
    from knowledge import load_knowledge

    settings = load_settings(env={})
    folder = base_folder(size)
    if phase == "build":
        from benchmarks.synthetic import LIMITS

        start = time.perf_counter()
        kb = load_knowledge(folder, limits=LIMITS)
        loaded = time.perf_counter()
        engine = Engine(kb, settings.matching)
        built = time.perf_counter()
        assert saved.save(engine, data / saved.FILE, saved.key(folder, settings.matching))
        done = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
        return {"yaml_s": loaded - start, "index_s": built - loaded, "save_s": done - built, "peak_mib": peak,
                "entries": len(engine.index), "mib": (data / saved.FILE).stat().st_size / 2**20}  # fmt: skip
    start = time.perf_counter()
    engine = saved.load(data / saved.FILE, saved.key(folder, settings.matching), folder, settings.matching)
    started = time.perf_counter() - start
    if size == 0:
        questions = [q.q for q in load_questions()]
    else:
        entries = engine.knowledge.answerable()  # read one by one (a list of them all would be the base in memory)
        questions = synthetic_queries(entries, QUERIES) + [q.q for q in load_questions()][:100]
    service = Service(settings, engine)
    engine.warm()  # as a running bot's Service.start does
    settle()
    p50, p99 = timed(lambda q: service.respond(q, addressed=False), questions, repeat=3 if size == 0 else 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"start_s": started, "p50_ms": p50, "p99_ms": p99, "peak_mib": peak}


def child(size: int, phase: str, data: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--one", str(size), phase, str(data)],
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
    from handlers.core.engine import Engine
    from handlers.core.fields import body_texts, key_texts
    from handlers.core.scoring import search
    from handlers.core.text import tokens
    from handlers.service import Service
    from knowledge import load_knowledge

    kb = load_knowledge()
    settings = load_settings(env={})
    service = Service(settings, Engine(kb, settings.matching))  # nothing saved into the project's data folder
    service.engine.warm()  # as a running bot's is
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


def startup() -> tuple[float, float]:
    """Wall time of a fresh ``bot.py ask "what is industry 5.0"`` (imports, the base, the index, the store, one
    answer recorded): the first, which builds and saves the index, then the best of five from the saved index.

    The records and the saved index go to a temporary data folder, never to the project's own.
    """
    with tempfile.TemporaryDirectory() as data:
        (Path(data) / "data").mkdir()

        def run() -> float:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "bot.py", "ask", "what is industry 5.0"],
                cwd=ROOT,
                capture_output=True,
                check=True,
                env={**os.environ, "BOT_DATA_DIR": str(Path(data) / "data")},
            )
            return time.perf_counter() - start

        first = run()
        return first, min(run() for _ in range(5))


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
    service = Service.start(load_settings(env=env), warm=True)  # as the Discord runner starts it
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
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES), help="synthetic base sizes")
    parser.add_argument("--only-bases", action="store_true", help="skip the baselines and the recorded path")
    args = parser.parse_args(argv)
    if args.one is not None:
        size, phase, data = args.one
        print(json.dumps(one_base(int(size), phase, Path(data))))
        return 0

    first, saved = startup()
    print(f"bot.py ask 'what is industry 5.0', whole process: {saved:.3f} s from the saved index (target 0.35 s); "
          f"{first:.3f} s the first time (builds and saves it)")  # fmt: skip
    print("\neach base: the first start (read the YAML, build the index, save it), then a new process that starts")
    print("from the saved index and answers (free text through Service.respond); peak RSS of each process:")
    print(f"  {'base':<9}{'entries':>9}{'yaml s':>8}{'build s':>8}{'save s':>7}{'file MiB':>9}{'peak MiB':>9}"
          f"  |{'start s':>8}{'p50 ms':>8}{'p99 ms':>8}{'peak MiB':>9}")  # fmt: skip
    for size in (0, *args.sizes):
        with tempfile.TemporaryDirectory() as data:
            b = child(size, "build", Path(data))
            r = child(size, "start", Path(data))
        name = "shipped" if size == 0 else f"{size:,}"
        print(
            f"  {name:<9}{b['entries']:>9,.0f}{b['yaml_s']:>8.2f}{b['index_s']:>8.2f}{b['save_s']:>7.2f}"
            f"{b['mib']:>9.1f}{b['peak_mib']:>9.0f}  |{r['start_s']:>8.3f}{r['p50_ms']:>8.3f}{r['p99_ms']:>8.3f}"
            f"{r['peak_mib']:>9.0f}"
        )
    print("  targets at 100,000: build 20 s, start 3 s, peak 500 MiB, p99 10 ms")
    if args.only_bases:
        return 0
    questions = load_questions()
    baselines(questions)
    recorded_path(questions)
    return 0


if __name__ == "__main__":
    sys.exit(main())
