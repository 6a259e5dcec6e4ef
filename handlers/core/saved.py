"""The saved index: built once, written to the data folder, loaded by the next start instead of rebuilt.

One file, ``<data>/index.npz``: numpy arrays in a zip, written with ``np.savez`` and read with
``np.load(allow_pickle=False)``, so loading it runs nothing in it. Beside the index's arrays (``index.Tables``) it
holds small JSON documents as bytes (a header, the index's string tables, synonyms, lexicon and learned wordings)
and the validated knowledge base itself: per kind, each entry's JSON back to back and the offsets between them
(``knowledge.compact``), so a start from the saved index parses no YAML. Each entry is validated by its model
when the file is loaded, then kept as that JSON and decoded again when read.

The file is keyed: its header holds a hash of every file in the knowledge folder (names and bytes), of the code
that reads the base and builds the index, and of the matching settings. A start computes that key and uses the
file only when its key, format and shapes all agree; the knowledge it holds is validated again by the models.
Anything else (no file, another base, another release, a file cut short or damaged) is ignored: the index is built
from the YAML and the file written again, atomically (a temporary file renamed over it).

The base includes ``learned.yaml`` (a file of the folder, so in the key). The wordings curators linked in the store
change the engine too (``handlers.teaching``): an engine built with them is saved in a second file,
``<data>/index-learned.npz``, keyed by the base's key and those wordings, so a start with wordings in the store
loads both files and builds neither.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from config import Matching
from handlers.core.engine import Engine
from handlers.core.index import SEP, SETS, Tables
from knowledge import load_knowledge
from knowledge.compact import Entries, encode
from knowledge.learned import merge
from knowledge.models import KINDS, Knowledge

log = logging.getLogger(__name__)

FORMAT = 5  # the layout of the file; a change to it, or to the code below, makes every saved index stale
FILE = "index.npz"
LEARNED_FILE = "index-learned.npz"  # the base plus the wordings learned in the store
ROOT = Path(__file__).resolve().parents[2]
# The code whose output is saved: how the base is read and validated, and how the index is built from it.
CODE = ("config/__init__.py", "knowledge", "handlers/core")
_INT = ("post_doc", "name_docs", "typo_order", "uniq", "seq", *SETS)
_PTR = ("post_ptr", "phr_ptr", "uniq_ptr", "seq_ptr", "name_ptr", *(f"{name}_ptr" for name in SETS))
_BYTES = ("header", "strings", "name_keys", "meta", "knowledge")
_KNOWLEDGE = (*(f"knowledge_{kind}" for kind in KINDS), *(f"knowledge_{kind}_ptr" for kind in KINDS))


class Stale(Exception):
    """The saved file cannot be used: missing, for another key, or damaged. Never shown: the index is rebuilt."""


def code_version() -> str:
    """A hash of the source of the code that reads the base and builds the index: a new release changes it."""
    digest = hashlib.blake2b(f"format {FORMAT}, numpy {np.__version__.split('.')[0]}".encode(), digest_size=16)
    for name in CODE:
        path = ROOT / name
        for file in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """A hash of every file in the knowledge folder: its name and its bytes (what the loader may read)."""
    digest = hashlib.blake2b(digest_size=16)
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        return f"unreadable: {exc}"
    for name in names:
        path = folder / name
        try:
            info = os.stat(path)
            if stat.S_ISDIR(info.st_mode):
                continue
            content = path.read_bytes() if stat.S_ISREG(info.st_mode) else f"not a file {info.st_mode}".encode()
        except OSError as exc:
            content = f"unreadable: {exc}".encode()
        digest.update(f"{name}\0{len(content)}\0".encode() + content)
    return digest.hexdigest()


def key(folder: Path, tuning: Matching) -> str:
    """What a saved index must have been built from to be used: this base, this code, these settings."""
    parts = (code_version(), folder_digest(folder), tuning.model_dump_json())
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()


def learned_key(base_key: str, learned: tuple[tuple[str, str], ...]) -> str:
    """The key of an engine built from the base keyed ``base_key`` plus the learned (entry id, wording)s."""
    text = json.dumps([base_key, [list(pair) for pair in learned]], ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def engine_for(folder: Path, data: Path, tuning: Matching) -> Engine:
    """The engine for the base in ``folder``: from ``data``'s saved index when it is this base's, else built from
    the YAML (raising KnowledgeError for an invalid base) and saved for the next start. Its ``key`` is the base's
    key (None when the base changed while it was read: nothing is saved for it)."""
    path = data / FILE
    wanted = key(folder, tuning)
    try:
        return load(path, wanted, folder, tuning)
    except Stale as exc:
        log.info("Building the index (%s)", exc)
    engine = Engine(load_knowledge(folder), tuning)
    # Saved into a data folder that exists (the store makes it, private, on first use: a read-only command
    # creates nothing), and only when the base was not edited while it was read.
    if key(folder, tuning) == wanted:
        engine.key = wanted
        if data.is_dir():
            save(engine, path, wanted)
    return engine


def engine_with(
    base: Knowledge, base_key: str | None, data: Path, tuning: Matching, learned: tuple[tuple[str, str], ...]
) -> Engine:
    """The engine for ``base`` (read under ``base_key``) plus the wordings ``learned`` in the store: from the saved
    file for exactly these when there is one, else built (``knowledge.learned.merge``) and saved. A base of unknown
    key (None) is built and nothing saved."""
    if base_key is None:
        return Engine(merge(base, learned) if learned else base, tuning)
    path, wanted = (data / LEARNED_FILE, learned_key(base_key, learned)) if learned else (data / FILE, base_key)
    try:
        engine = load(path, wanted, base.folder, tuning)
    except Stale as exc:
        log.info("Building the index with the learned wordings (%s)", exc)
        engine = Engine(merge(base, learned) if learned else base, tuning)
        if data.is_dir():
            save(engine, path, wanted)
    engine.key = base_key
    return engine


# ----- writing ---------------------------------------------------------------------------------------------


def _text(value: Any) -> np.ndarray:
    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode(), np.uint8)


def _models(kind: str, entries: Sequence[Any]) -> dict[str, np.ndarray]:
    """One kind's entries as the JSON of each, back to back (``knowledge.compact``), and the offsets between them."""
    if isinstance(entries, Entries) and not entries.changed:
        blob, ptr = entries.blob, np.frombuffer(entries.ptr, np.int64)
    else:
        compact = isinstance(entries, Entries)
        raws = [entries.raw(i) for i in range(len(entries))] if compact else [encode(e) for e in entries]
        blob = b"".join(raws)
        ptr = np.zeros(len(raws) + 1, np.int64)
        np.cumsum([len(raw) for raw in raws], out=ptr[1:])
    return {f"knowledge_{kind}": np.frombuffer(blob, np.uint8), f"knowledge_{kind}_ptr": ptr}


def _strings(strings: list[str]) -> np.ndarray:
    if any(SEP in s for s in strings):
        raise ValueError("a string holds the separator")
    return np.frombuffer(SEP.join(strings).encode(), np.uint8)


def save(engine: Engine, path: Path, wanted: str) -> bool:
    """Write ``engine``'s index to ``path`` under ``wanted``, atomically; False (logged) when it cannot be."""
    tables = engine.index.tables
    knowledge = engine.knowledge
    header = {
        "format": FORMAT,
        "key": wanted,
        "docs": len(engine.index),
        "words": len(tables.words),
        "names": len(tables.name_keys),
        "ids": _ids(knowledge),
    }
    try:
        arrays = {
            **tables.arrays,
            "header": _text(header),
            "strings": _strings(tables.words),
            "name_keys": _strings(tables.name_keys),
            "meta": _text(
                {
                    "people": tables.people,
                    "entities": tables.entities,
                    "common": tables.common,
                    "usual": {i: sorted(words) for i, words in engine.ranker.every_usual().items()},
                }
            ),
            **{name: array for kind in KINDS for name, array in _models(kind, knowledge.kind(kind)).items()},
            "knowledge": _text(
                {
                    "synonyms": [list(g) for g in knowledge.synonyms],
                    "lexicon": knowledge.lexicon.model_dump(mode="json"),
                    "learned": [list(pair) for pair in knowledge.learned],
                    "examples": [list(pair) for pair in knowledge.examples],
                    "calibration": knowledge.calibration.model_dump() if knowledge.calibration else None,
                }
            ),
        }
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".index-", suffix=".tmp", delete=False) as out:
            temporary = Path(out.name)
            np.savez(out, **arrays)  # type: ignore[arg-type]
        os.replace(temporary, path)
    except (OSError, ValueError) as exc:
        log.warning("Could not save the index to %s (the next start builds it again): %s", path, exc)
        if "temporary" in locals():
            temporary.unlink(missing_ok=True)
        return False
    return True


def _ids(knowledge: Knowledge) -> str:
    """A hash of the answerable entries' kinds and ids, in the index's order."""
    text = "\n".join(f"{kind} {entry_id}" for kind, entry_id in knowledge.ids())
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# ----- reading ---------------------------------------------------------------------------------------------


def load(path: Path, wanted: str, folder: Path, tuning: Matching) -> Engine:
    """The engine saved at ``path`` under ``wanted``; raises Stale when there is none that can be trusted."""
    if not path.is_file():
        raise Stale(f"no saved index at {path}")
    try:
        with np.load(path, allow_pickle=False) as saved:
            header = _json(saved, "header")
            if header.get("format") != FORMAT or header.get("key") != wanted:
                raise Stale("the saved index is for another base, release or settings")
            arrays = {name: saved[name] for name in saved.files if name not in _BYTES and name not in _KNOWLEDGE}
            words = _split(saved["strings"], header["words"])
            name_keys = _split(saved["name_keys"], header["names"])
            meta = _json(saved, "meta")
            knowledge = _knowledge(saved, folder)
        if _ids(knowledge) != header["ids"]:
            raise Stale("the saved entries do not match the saved index")
        tables = Tables(arrays, words, name_keys, meta["people"], meta["entities"], int(meta["common"]))
        _check(tables, header["docs"])
        if len(knowledge.answerable()) != header["docs"]:
            raise Stale("the saved index counts another number of entries")
        engine = Engine(knowledge, tuning, tables=tables)
        engine.ranker.know_usual(_usual(meta.get("usual", {})))
        engine.key = wanted
        return engine
    except Stale:
        raise
    except Exception as exc:  # a damaged file fails in numpy, zipfile, json or the models: all alike, rebuilt
        log.warning("The saved index %s is damaged and is rebuilt: %s: %s", path, type(exc).__name__, exc)
        raise Stale(f"damaged saved index: {exc}") from None


def _usual(value: Any) -> dict[str, frozenset[str]]:
    """The saved usual words by entry id, checked: a file that is not that shape is damaged."""
    if not isinstance(value, dict) or not all(
        isinstance(i, str) and isinstance(w, list) and all(isinstance(x, str) for x in w) for i, w in value.items()
    ):
        raise Stale("the saved usual words have the wrong shape")
    return {i: frozenset(w) for i, w in value.items()}


def _json(saved: Any, name: str) -> Any:
    return json.loads(saved[name].tobytes().decode())


def _split(blob: np.ndarray, count: int) -> list[str]:
    strings = blob.tobytes().decode().split(SEP) if count else []
    if len(strings) != count:
        raise Stale("a string table has the wrong length")
    return strings


def _knowledge(saved: Any, folder: Path) -> Knowledge:
    """The saved base, validated again by the models from its JSON (a saved file is data, never trusted): each
    entry now, one by one, then kept as that JSON (``knowledge.compact.Entries``) and decoded again when read."""
    from knowledge.models import Calibration, Lexicon

    data = _json(saved, "knowledge")
    kinds: dict[str, Any] = {}
    for kind, model in KINDS.items():
        blob, ptr = saved[f"knowledge_{kind}"], saved[f"knowledge_{kind}_ptr"]
        if blob.dtype != np.uint8 or ptr.dtype != np.int64 or blob.ndim != 1 or ptr.ndim != 1:
            raise Stale(f"the saved {kind} have the wrong type")
        entries = Entries.validated(model, blob.tobytes(), ptr.tolist())
        kinds[kind] = tuple(entries) if kind == "sources" else entries
    synonyms = tuple(tuple(str(word) for word in group) for group in data["synonyms"])
    learned, examples = (tuple((str(i), str(wording)) for i, wording in data[key]) for key in ("learned", "examples"))
    lexicon = Lexicon.model_validate(data["lexicon"])
    calibration = Calibration.model_validate(data["calibration"]) if data["calibration"] is not None else None
    if calibration is not None and calibration.stale():
        raise Stale("the saved calibration is for other features")
    return Knowledge(
        folder=folder,
        synonyms=synonyms,
        lexicon=lexicon,
        learned=learned,
        examples=examples,
        calibration=calibration,
        **kinds,
    )


def _check(t: Tables, docs: int) -> None:
    """Shapes, types and bounds of the arrays: a file that passes cannot make a question fail later."""
    a = t.arrays
    for name in (*_INT, *_PTR, "post_key", "idf", "mass", "flags", "kind"):
        if name not in a or a[name].ndim != 1:
            raise Stale(f"missing array {name}")
    for name in _INT:
        if a[name].dtype != np.int32:
            raise Stale(f"{name} has the wrong type")
    for name in _PTR:
        if a[name].dtype != np.int64 or not len(a[name]) or a[name][0] != 0 or np.any(np.diff(a[name]) < 0):
            raise Stale(f"{name} is not an index")
    words, phrasings = len(t.words), len(a["uniq_ptr"]) - 1

    def spans(ptr: str, data: str, rows: int) -> None:
        if len(a[ptr]) != rows + 1 or a[ptr][-1] != len(a[data]):
            raise Stale(f"{ptr} does not span {data}")

    def within(name: str, bound: int) -> None:
        if len(a[name]) and (a[name].min() < 0 or a[name].max() >= bound):
            raise Stale(f"{name} out of range")

    spans("post_ptr", "post_doc", words)
    if len(a["phr_ptr"]) != docs + 1 or a["phr_ptr"][-1] != phrasings:
        raise Stale("phr_ptr does not span the phrasings")
    spans("uniq_ptr", "uniq", phrasings)
    spans("seq_ptr", "seq", phrasings)
    spans("name_ptr", "name_docs", len(t.name_keys))
    for name in SETS:
        spans(f"{name}_ptr", name, docs)
        within(name, words)
    for name in ("uniq", "seq", "typo_order"):
        within(name, words)
    within("post_doc", docs)
    within("name_docs", docs)
    if len(a["post_key"]) != len(a["post_doc"]) or a["post_key"].dtype != np.uint8 or np.any(a["post_key"] > 1):
        raise Stale("post_key does not match post_doc")
    if len(a["idf"]) != words or len(a["mass"]) != phrasings or len(a["flags"]) != docs or len(a["kind"]) != docs:
        raise Stale("per-word or per-entry arrays have the wrong length")
    if a["idf"].dtype != np.float64 or a["mass"].dtype != np.float64 or np.any(a["kind"] > 3):
        raise Stale("weights or kinds have the wrong type")


# Collections after this many allocations (Python's default is 700, 10, 10): a question allocates a few thousand
# objects, so most questions run without one, and none waits for a full collection (p99 at 100,000 entries: 4 ms,
# against 17 ms with the defaults).
GC_THRESHOLDS = (10_000, 20, 20)


def settle() -> None:
    """A base just loaded lives as long as the process: move it out of the collector's way (``gc.freeze``), so a
    full collection walks only what questions allocate, not the base's objects (on a 100,000-entry base each full
    collection paused a question 60 to 130 ms, one question in a hundred). The base it replaces is collected
    first."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
