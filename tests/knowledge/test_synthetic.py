"""The bench's synthetic knowledge folder loads with the real loader, on a machine that has never written one."""

from __future__ import annotations

from benchmarks import synthetic
from knowledge.loader import load_knowledge


def test_a_synthetic_folder_is_a_valid_knowledge_folder(tmp_path):
    folder = synthetic.write(40, tmp_path / "kb")
    knowledge = load_knowledge(folder)
    assert len(knowledge.facts) == 40
    assert {s.id for s in knowledge.sources} == {s.id for s in load_knowledge().sources}
    assert all(s.overview is None and s.author_entry is None for s in knowledge.sources)  # no shipped entry to link
