"""Reload keeps the last good base: a bad edit never takes a running bot down."""

from __future__ import annotations

import gc
import shutil
import weakref

from config import load_settings
from handlers.core.reply import Kind
from handlers.core.saved import GC_THRESHOLDS
from handlers.service import Service
from tests.conftest import ROOT
from tests.helpers import ask


def copy_base(tmp_path):
    folder = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge", folder, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    return folder


def test_reload_picks_up_an_edit(tmp_path):
    folder = copy_base(tmp_path)
    service = Service.start(load_settings(env={"KNOWLEDGE_DIR": str(folder)}))
    before = service.engine.knowledge.counts()["facts"]
    facts = folder / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + "  - id: a-new-fact\n    text: Something new.\n    source: social-responsibility\n"
        + "    questions: [what is the zebra crossing rule]\n",
        encoding="utf-8",
    )
    reply = service.reload()
    assert reply.kind is Kind.INFO and reply.title == "Knowledge reloaded"
    assert service.engine.knowledge.counts()["facts"] == before + 1
    assert ask(service, "what is the zebra crossing rule", addressed=False).entry_id == "a-new-fact"


def test_broken_edit_keeps_the_running_base_and_names_file_line_field(tmp_path):
    folder = copy_base(tmp_path)
    service = Service.start(load_settings(env={"KNOWLEDGE_DIR": str(folder)}))
    engine = service.engine
    (folder / "quotes.yaml").write_text("quotes:\n  - id: x\n    speaker: Someone\n", encoding="utf-8")
    reply = service.reload()
    assert reply.kind is Kind.ERROR and "running knowledge base is kept" in reply.title
    assert "quotes.yaml:2: quotes[0].role: required field is missing" in reply.body
    assert service.engine is engine
    assert ask(service, "!policy nq57", addressed=False).entry_id == "resolution-57"


def test_reload_of_a_yaml_syntax_error(tmp_path):
    folder = copy_base(tmp_path)
    service = Service.start(load_settings(env={"KNOWLEDGE_DIR": str(folder)}))
    (folder / "facts.yaml").write_text("facts: [\n", encoding="utf-8")
    reply = service.reload()
    assert reply.kind is Kind.ERROR and "YAML syntax error" in reply.body


async def test_a_reload_builds_away_from_the_event_loop_and_the_old_base_answers_until_the_swap(tmp_path, monkeypatch):
    """`!reload` runs Service.reload in a thread: while the new index is built, the loop keeps running and every
    question is answered from the running base; the new base answers from the moment it is swapped in."""
    import asyncio
    import threading

    import handlers.service as service_module

    folder = copy_base(tmp_path)
    service = Service.start(load_settings(env={"KNOWLEDGE_DIR": str(folder)}))
    running = service.engine
    facts = folder / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        + "  - id: a-new-fact\n    text: Something new.\n    source: social-responsibility\n"
        + "    questions: [what is the zebra crossing rule]\n",
        encoding="utf-8",
    )
    building, release = threading.Event(), threading.Event()
    real = service_module.engine_for

    def slow_build(*args: object) -> object:
        building.set()
        assert release.wait(10)  # the build is held here until the test has asked its questions
        return real(*args)

    monkeypatch.setattr(service_module, "engine_for", slow_build)
    reload = asyncio.create_task(asyncio.to_thread(service.reload))
    while not building.is_set():
        await asyncio.sleep(0.001)  # the loop runs while the reload is under way
    for _ in range(3):
        assert service.engine is running
        assert ask(service, "!policy nq57", addressed=False).entry_id == "resolution-57"
        unknown = ask(service, "what is the zebra crossing rule", addressed=False)
        assert unknown is None or unknown.entry_id != "a-new-fact"
        await asyncio.sleep(0)
    assert not reload.done()
    release.set()
    reply = await reload
    assert reply.title == "Knowledge reloaded" and service.engine is not running
    assert ask(service, "what is the zebra crossing rule", addressed=False).entry_id == "a-new-fact"


def test_a_started_base_is_out_of_the_collectors_way_and_a_reload_frees_the_old_one(tmp_path):
    """A long-running bot's Service.start freezes the base it loaded (a full collection never walks it again); a
    reload collects the base it replaces before freezing the new one, so reloading never leaks the old engine."""
    saved = gc.get_threshold()
    try:
        settings = load_settings(env={"KNOWLEDGE_DIR": str(copy_base(tmp_path))})
        gc.unfreeze()
        Service.start(settings)  # a one-shot command: nothing frozen, nothing warmed
        assert gc.get_freeze_count() == 0
        service = Service.start(settings, warm=True)
        assert gc.get_freeze_count() > 0 and gc.get_threshold() == GC_THRESHOLDS
        old = weakref.ref(service.engine)
        assert service.reload().kind is Kind.INFO
        assert old() is None and service.engine is not None
        assert ask(service, "what is resolution 57?", addressed=False).entry_id == "resolution-57"
    finally:
        gc.unfreeze()
        gc.set_threshold(*saved)
