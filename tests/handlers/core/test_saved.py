"""The saved index: loaded instead of rebuilt when it is this base's, rebuilt when anything it was built from
changed, ignored (and rebuilt) when damaged or foreign; and answers the same either way."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import numpy as np
import pytest

from benchmarks.evalset import SETS, load_questions
from config import Matching, load_settings
from handlers.core import saved
from handlers.core.engine import Engine
from handlers.service import Service
from knowledge import KnowledgeError
from tests.conftest import ROOT

NEW_FACT = (
    "  - id: a-new-fact\n    text: Something new.\n    source: social-responsibility\n"
    "    questions: [what is the zebra crossing rule]\n"
)


@pytest.fixture
def base(tmp_path: Path) -> Path:
    folder = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge", folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the base is read from its YAML files (a build), the folder it was read from."""
    calls: list[Path] = []
    real = saved.load_knowledge

    def counted(folder: Path) -> object:
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(saved, "load_knowledge", counted)
    return calls


def start(base: Path, data: Path, matching: Matching | None = None) -> Engine:
    return saved.engine_for(base, data, matching or Matching())


def answers(engine: Engine, questions: list[str]) -> list[tuple[str | None, float]]:
    service = Service(load_settings(env={}), engine)
    out = []
    for text in questions:
        outcome = service.respond(text, addressed=False).outcome
        out.append((outcome.nearest, outcome.score))
    return out


QUESTIONS = ["what is industry 5.0", "how many robots per worker does vietnam have?", "who is kim bui", "zzz"]


def test_the_first_start_builds_and_saves_and_the_next_loads(base, data, builds):
    first = start(base, data)
    assert builds == [base] and (data / saved.FILE).is_file()
    second = start(base, data)
    assert builds == [base]  # loaded, not read from the YAML again
    assert second.knowledge == first.knowledge and second.knowledge.folder == base
    assert answers(second, QUESTIONS) == answers(first, QUESTIONS)


def test_a_changed_knowledge_file_rebuilds(base, data, builds):
    start(base, data)
    facts = base / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + NEW_FACT, encoding="utf-8")
    engine = start(base, data)
    assert len(builds) == 2
    assert answers(engine, ["what is the zebra crossing rule"])[0][0] == "a-new-fact"
    start(base, data)
    assert len(builds) == 2  # the rebuilt index was saved in its turn


@pytest.mark.parametrize("name", ["synonyms.yaml", "lexicon.yaml", "sources.yaml", "calibration.yaml"])
def test_every_file_the_loader_reads_is_in_the_key(base, data, name):
    before = saved.key(base, Matching())
    path = base / name
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert saved.key(base, Matching()) != before


def test_a_new_file_in_the_folder_changes_the_key(base):
    before = saved.key(base, Matching())
    (base / "comparisons.yaml").unlink()
    assert saved.key(base, Matching()) != before


def test_a_new_code_version_or_other_settings_rebuild(base, data, builds, monkeypatch):
    start(base, data)
    start(base, data, Matching(rerank=39))
    assert len(builds) == 2
    monkeypatch.setattr(saved, "code_version", lambda: "a new release")
    start(base, data, Matching(rerank=39))
    assert len(builds) == 3


def test_an_invalid_base_is_never_hidden_by_a_saved_index(base, data):
    start(base, data)
    (base / "facts.yaml").write_text("facts: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        start(base, data)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[tuple[str | None, float]]]:
    """A base, a data folder holding the index it saved, and the answers it gave: built once for the tests that
    damage a copy of the saved index."""
    folder = tmp_path_factory.mktemp("built")
    base, data = folder / "kb", folder / "data"
    shutil.copytree(ROOT / "knowledge", base, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    data.mkdir()
    return base, data, answers(start(base, data), QUESTIONS)


@pytest.fixture
def saved_copy(built, tmp_path: Path) -> tuple[Path, Path, list[tuple[str | None, float]]]:
    """A copy of ``built``'s base and data folder, its index saved and unread: the next start would load it."""
    base, data, expected = built
    shutil.copytree(base, tmp_path / "kb")
    shutil.copytree(data, tmp_path / "data")
    return tmp_path / "kb", tmp_path / "data", expected


def test_a_copy_of_a_saved_index_loads_without_a_build(saved_copy, builds):
    base, data, expected = saved_copy
    assert answers(start(base, data), QUESTIONS) == expected
    assert builds == []  # what the tests below damage is an index the next start would use


def damage_truncated(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def damage_flipped(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    for at in range(1000, len(raw), 997):
        raw[at] ^= 0xFF
    path.write_bytes(bytes(raw))


def damage_garbage(path: Path) -> None:
    path.write_bytes(b"not an index at all\n" * 100)


def damage_empty(path: Path) -> None:
    path.write_bytes(b"")


def damage_pickled(path: Path) -> None:
    """An npz whose arrays are Python objects: loading it would unpickle, so it must be refused."""
    np.savez(path, header=np.array([{"format": saved.FORMAT}], dtype=object))


def damage_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize(
    "damage", [damage_truncated, damage_flipped, damage_garbage, damage_empty, damage_pickled, damage_directory]
)
def test_a_damaged_saved_index_is_ignored_and_rebuilt(saved_copy, builds, damage):
    base, data, expected = saved_copy
    damage(data / saved.FILE)
    engine = start(base, data)
    assert len(builds) == 1
    assert answers(engine, QUESTIONS) == expected


def test_a_saved_index_with_the_right_key_but_wrong_arrays_is_rebuilt(saved_copy, builds):
    """A file that says it is this base's but whose arrays point outside themselves is not trusted."""
    base, data, expected = saved_copy
    path = data / saved.FILE
    with np.load(path, allow_pickle=False) as file:
        arrays = {name: file[name] for name in file.files}
    arrays["post_doc"] = arrays["post_doc"] + 1_000_000
    np.savez(path, **arrays)
    assert answers(start(base, data), QUESTIONS) == expected
    assert len(builds) == 1


@pytest.mark.parametrize("part", ["an entry", "the offsets"])
def test_a_saved_index_whose_entries_do_not_validate_is_rebuilt(saved_copy, builds, part):
    """The entries are kept as their JSON and read one by one later: each is validated when the file is loaded, so
    a bad one rebuilds the index instead of failing a question."""
    base, data, expected = saved_copy
    path = data / saved.FILE
    with np.load(path, allow_pickle=False) as file:
        arrays = {name: file[name] for name in file.files}
    if part == "an entry":
        blob = arrays["knowledge_facts"].tobytes()
        arrays["knowledge_facts"] = np.frombuffer(blob.replace(b'"source":"', b'"source":"NOT A SLUG ', 1), np.uint8)
        arrays["knowledge_facts_ptr"] = (
            arrays["knowledge_facts_ptr"] + np.r_[0, np.full(len(arrays["knowledge_facts_ptr"]) - 1, 11)]
        )
    else:
        arrays["knowledge_facts_ptr"] = arrays["knowledge_facts_ptr"][::-1].copy()
    np.savez(path, **arrays)
    assert answers(start(base, data), QUESTIONS) == expected
    assert len(builds) == 1


def test_another_bases_saved_index_is_foreign(base, data, builds, tmp_path):
    start(base, data)
    other = tmp_path / "other"
    shutil.copytree(base, other)
    facts = other / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + NEW_FACT, encoding="utf-8")
    engine = start(other, data)  # the same data folder, another base
    assert builds == [base, other]
    assert answers(engine, ["what is the zebra crossing rule"])[0][0] == "a-new-fact"


def test_no_data_folder_builds_without_writing_one(base, tmp_path, builds):
    missing = tmp_path / "no-data-yet"
    start(base, missing)
    assert not missing.exists()


def test_every_question_of_every_set_answers_the_same_from_a_saved_index(knowledge, data):
    """Entry and score for every question of every benchmark set: a fresh build, and the index it saved."""
    matching = load_settings(env={}).matching
    fresh = Engine(knowledge, matching)
    wanted = saved.key(knowledge.folder, matching)
    assert saved.save(fresh, data / saved.FILE, wanted)
    loaded = saved.load(data / saved.FILE, wanted, knowledge.folder, matching)
    assert loaded.index is not fresh.index
    assert loaded.knowledge.calibration == knowledge.calibration is not None
    questions = [q.q for s in SETS if s.path.exists() for q in load_questions(s.path)][::24]  # every set, 1 in 24
    assert len(questions) > 600
    assert answers(loaded, questions) == answers(fresh, questions)
    for text in questions[::3]:
        assert [(h.entry.id, h.score) for h in loaded.search(text, limit=8)] == [
            (h.entry.id, h.score) for h in fresh.search(text, limit=8)
        ]


ROBOTS = "how many robots per worker does vietnam have?"
TAUGHT = "responsibility-embedded-in-strategy"


def test_learned_yaml_is_in_the_key_and_its_wordings_survive_the_saved_index(base, data, builds):
    before = saved.key(base, Matching())
    (base / "learned.yaml").write_text(f'learned:\n  - id: {TAUGHT}\n    questions:\n      - "{ROBOTS}"\n')
    assert saved.key(base, Matching()) != before
    built = start(base, data)
    loaded = start(base, data)
    assert len(builds) == 1 and loaded.index is not built.index
    assert loaded.knowledge.learned == built.knowledge.learned == ((TAUGHT, ROBOTS),)
    assert answers(loaded, [ROBOTS]) == answers(built, [ROBOTS]) == [(TAUGHT, 1.0)]


async def test_wordings_learned_in_the_store_are_saved_beside_the_base(base, data, monkeypatch):
    """A start with learned wordings in the store loads the base's index, then the one with the wordings: after the
    first start, nothing is built; a new wording builds and saves again."""
    settings = load_settings(env={"KNOWLEDGE_DIR": str(base), "BOT_DATA_DIR": str(data)})
    async with Service.open(settings) as service:
        assert (await service.learn(ROBOTS, TAUGHT, by="owner (1)")).title == "Linked"
    assert (data / saved.LEARNED_FILE).is_file()
    built: list[int] = []
    real = Engine.__init__

    def counted(self: Engine, *args: object, tables: object = None, **kwargs: object) -> None:
        if tables is None:
            built.append(1)
        real(self, *args, tables=tables, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "__init__", counted)
    async with Service.open(settings) as service:
        assert service.respond(ROBOTS, addressed=True).outcome.nearest == TAUGHT
        assert service.engine.knowledge.learned == ((TAUGHT, ROBOTS),)
        assert service._base.learned == ()  # the base as the folder gives it
        assert built == []
        assert (await service.learn("robot density vietnam figure", TAUGHT, by="owner (1)")).title == "Linked"
        assert built == [1]
        assert (await service.unlearn(ROBOTS)).kind.name == "INFO"
        assert len(built) == 2  # the engine with the second wording alone: built and saved
        assert service.respond("robot density vietnam figure", addressed=True).outcome.nearest == TAUGHT
        assert (await asyncio.to_thread(service.reload)).title == "Knowledge reloaded"
        assert service.engine.knowledge.learned == ((TAUGHT, "robot density vietnam figure"),)
    assert len(built) == 2  # the reload loaded both files


def test_the_saved_index_keeps_the_ranker_s_usual_words(base, data, builds):
    """A new process takes each entry's usual words from the saved file, the same as reading its examples gives."""
    built = saved.engine_for(base, data, Matching())
    loaded = saved.load(data / saved.FILE, saved.key(base, Matching()), base, Matching())
    assert loaded.ranker._usual == built.ranker.every_usual()
