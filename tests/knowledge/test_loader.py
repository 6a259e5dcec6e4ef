"""The loader: every shipped file validates, and each kind of bad edit is reported with file, line and field."""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest

from knowledge import KnowledgeError, load_knowledge, loader
from knowledge.models import CALIBRATION_FEATURES, KINDS
from tests.conftest import ROOT

SOURCES = """\
sources:
  - id: art
    title: An article
    author: Someone
    file: a.txt
  - id: other
    title: Another
    author: Someone else
    date: 2025-02-10
    file: b.txt
"""

FACT = """\
facts:
  - id: one
    text: A fact.
    source: art
    questions: [what is one]
    aliases: [The One]
"""


def make_base(tmp_path: Path, **files: str) -> Path:
    """A knowledge folder holding sources.yaml and the given files (kind=text)."""
    folder = tmp_path / "kb"
    folder.mkdir()
    files.setdefault("sources", SOURCES)
    files.setdefault("facts", FACT)
    for kind, text in files.items():
        if text is not None:
            (folder / f"{kind}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    return info.value.errors


def test_shipped_base_loads_every_kind(knowledge):
    counts = knowledge.counts()
    assert set(counts) == set(KINDS)
    assert counts["sources"] == 4
    assert counts["facts"] >= 80
    assert all(counts[kind] > 0 for kind in KINDS)


def test_every_shipped_entry_cites_a_known_source(knowledge):
    ids = {s.id for s in knowledge.sources}
    for _, entry in knowledge.entries():
        assert entry.source in ids


def test_minimal_base_loads(tmp_path):
    kb = load_knowledge(make_base(tmp_path))
    assert [f.id for f in kb.facts] == ["one"]
    assert kb.source("other").date.isoformat() == "2025-02-10"
    assert kb.quotes == ()


def test_unknown_source_names_file_line_field_and_known_ids(tmp_path):
    folder = make_base(tmp_path, facts=FACT + "  - id: two\n    text: B.\n    source: foo\n")
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:9: facts[1].source: unknown source 'foo' (known: art, other)")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (
            "    overview: one\n    author_entry: nobody\n",
            "    overview: one\n",
            [
                "7: sources[0].author_entry: no entry has the id 'nobody'",
                "13: sources[1].overview: entry 'one' cites 'art', not this source",
            ],
        ),
        (  # the entries on its first and last paragraphs, each by its place in the list
            "    first_paragraphs: [one, nobody]\n",
            "    last_paragraphs: [one]\n",
            [
                "6: sources[0].first_paragraphs[1]: no entry has the id 'nobody'",
                "12: sources[1].last_paragraphs[0]: entry 'one' cites 'art', not this source",
            ],
        ),
    ],
)
def test_a_sources_entries_exist_and_cite_it(tmp_path, first: str, second: str, expected: list[str]):
    sources = SOURCES.replace("    file: a.txt\n", "    file: a.txt\n" + first)
    sources = sources.replace("    file: b.txt\n", "    file: b.txt\n" + second)
    errors = errors_of(make_base(tmp_path, sources=sources))
    assert [e.split("sources.yaml:")[1] for e in errors] == expected


def test_missing_required_field(tmp_path):
    folder = make_base(tmp_path, facts="facts:\n  - id: one\n    source: art\n")
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:2: facts[0].text: required field is missing")


def test_wrong_type_points_at_the_value(tmp_path):
    folder = make_base(tmp_path, facts="facts:\n  - id: one\n    text: A.\n    source: art\n    questions: [4.0]\n")
    [error] = errors_of(folder)
    assert "facts.yaml:5: facts[0].questions[0]: input should be a valid string" in error
    assert 'quote values such as "4.0"' in error


def test_empty_text_is_rejected(tmp_path):
    folder = make_base(tmp_path, facts="facts:\n  - id: one\n    text: '   '\n    source: art\n")
    [error] = errors_of(folder)
    assert "facts.yaml:3: facts[0].text: string should have at least 1 character" in error


def test_unknown_field_is_rejected(tmp_path):
    folder = make_base(tmp_path, facts=FACT + "    colour: red\n")
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:7: facts[0].colour: unknown field")


def test_duplicate_id(tmp_path):
    folder = make_base(tmp_path, facts=FACT + "  - id: one\n    text: B.\n    source: art\n")
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:7: facts[1].id: duplicate id 'one' (first at facts[0])")


def test_bad_id_format(tmp_path):
    folder = make_base(tmp_path, facts="facts:\n  - id: Not A Slug\n    text: A.\n    source: art\n")
    [error] = errors_of(folder)
    assert "facts.yaml:2: facts[0].id: string should match pattern" in error


def test_alias_collision_is_case_and_diacritics_insensitive(tmp_path):
    extra = "  - id: two\n    text: B.\n    source: art\n    aliases: [Lê Thái Hà]\n  - id: three\n"
    extra += "    text: C.\n    source: art\n    aliases: [le thai ha]\n"
    folder = make_base(tmp_path, facts=FACT + extra)
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:14: facts[2].aliases[0]: alias 'le thai ha' collides with facts[1] ('two')")


def test_the_same_alias_twice_in_one_entry_is_fine(tmp_path):
    folder = make_base(tmp_path, facts=FACT.replace("[The One]", "[The One, the one]"))
    assert load_knowledge(folder).facts[0].aliases == ("The One", "the one")


def test_yaml_syntax_error_gives_line_and_column(tmp_path):
    folder = make_base(tmp_path, facts="facts:\n  - id: one\n    text: [unclosed\n    source: art\n")
    [error] = errors_of(folder)
    assert "facts.yaml:" in error and "YAML syntax error" in error
    line, column = error.split("facts.yaml:")[1].split(":")[:2]
    assert line.isdigit() and column.isdigit()


def test_empty_file(tmp_path):
    folder = make_base(tmp_path, facts="")
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:1: (file): the file is empty; expected a mapping with the key 'facts'")


def test_list_where_a_mapping_belongs(tmp_path):
    folder = make_base(tmp_path, facts="- id: one\n  text: A.\n  source: art\n")
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:1: (file): expected a mapping with the key 'facts', found a list")


def test_non_utf8_file(tmp_path):
    folder = make_base(tmp_path)
    (folder / "facts.yaml").write_bytes(b"facts:\n  - id: one\n    text: caf\xe9\n    source: art\n")
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:3: not valid UTF-8 (byte 0xe9); save the file as UTF-8")


def test_duplicate_key(tmp_path):
    folder = make_base(tmp_path, facts=FACT + "    text: again\n")
    [error] = errors_of(folder)
    assert error.endswith("facts.yaml:7: facts[0].text: duplicate key 'text'")


def test_all_errors_are_listed_at_once(tmp_path):
    bad = "facts:\n  - id: one\n    source: art\n  - id: two\n    text: B.\n    source: foo\n"
    folder = make_base(tmp_path, facts=bad, quotes="")
    errors = errors_of(folder)
    assert [e.split("/kb/")[1] for e in errors] == [
        "facts.yaml:2: facts[0].text: required field is missing",
        "facts.yaml:6: facts[1].source: unknown source 'foo' (known: art, other)",
        "quotes.yaml:1: (file): the file is empty; expected a mapping with the key 'quotes'",
    ]


def test_missing_sources_file(tmp_path):
    folder = make_base(tmp_path, sources=None)
    (folder / "sources.yaml").unlink(missing_ok=True)
    assert any("sources.yaml: missing" in e for e in errors_of(folder))


def test_missing_folder(tmp_path):
    assert errors_of(tmp_path / "nowhere")[0].endswith("knowledge folder not found")


def test_comparison_rows_need_one_value_per_side(tmp_path):
    comparisons = """\
    comparisons:
      - id: a-vs-b
        title: A vs B
        sides:
          - name: A
          - name: B
        rows:
          - aspect: Size
            values: [big]
            source: art
        source: art
    """
    [error] = errors_of(make_base(tmp_path, comparisons=comparisons))
    assert error.endswith(
        "comparisons.yaml:9: comparisons[0].rows[0].values: 1 values for 2 sides; give one value per side, in order"
    )


def test_two_comparisons_may_not_share_two_sides(tmp_path):
    one = "  - id: {id}\n    title: T\n    sides: [{{name: A, aliases: [x]}}, {{name: {b}}}]\n"
    one += "    rows: []\n    source: art\n"
    comparisons = "comparisons:\n" + one.format(id="first", b="B") + one.format(id="second", b="b")
    [error] = errors_of(make_base(tmp_path, comparisons=comparisons))
    assert "comparisons[1].sides: shares two sides with comparisons[0] ('first')" in error


def test_a_copy_of_the_shipped_base_loads_from_another_folder(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "knowledge", copy, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    kb = load_knowledge(copy)
    assert kb.folder == copy and kb.counts()["facts"] >= 80


def test_knowledge_is_immutable(knowledge):
    with pytest.raises(Exception):  # noqa: B017 - frozen dataclass or pydantic model, either refuses
        knowledge.facts[0].text = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        knowledge.facts = ()  # type: ignore[misc]


def test_ids_are_unique_across_kinds(tmp_path):
    quotes = """\
    quotes:
      - id: one
        speaker: A Person
        role: Expert
        kind: reported
        text: Said something.
        source: art
    """
    [error] = errors_of(make_base(tmp_path, quotes=quotes))
    assert error.endswith("quotes.yaml:2: quotes[0].id: id 'one' is already used in facts; ids are unique across kinds")


# ----- errors a newcomer meets -------------------------------------------------------------------------------------


def test_an_unclosed_quote_is_reported_where_the_string_opens(tmp_path):
    facts = FACT + '  - id: two\n    text: "B is open\n    source: art\n  - id: three\n    text: C.\n    source: art\n'
    [error] = errors_of(make_base(tmp_path, facts=facts))
    assert "facts.yaml:8:11: YAML syntax error: a quoted string opens here and is never closed" in error


def test_an_unclosed_quote_that_a_later_quote_closes_is_still_found_where_it_opens(tmp_path):
    facts = FACT + '  - id: two\n    questions:\n      - "what is two\n      - what is B\n'
    facts += '    text: B.\n    source: art\n  - id: three\n    text: "C."\n    source: art\n'
    [error] = errors_of(make_base(tmp_path, facts=facts))
    assert "facts.yaml:9:9: YAML syntax error: a quoted string opens here and is never closed" in error


def test_a_text_where_a_list_belongs_says_so(tmp_path):
    facts = "facts:\n  - id: one\n    text: A.\n    source: art\n    questions: what is one\n"
    [error] = errors_of(make_base(tmp_path, facts=facts))
    assert "facts.yaml:5: facts[0].questions: expected a list, one item a line starting with '- '" in error
    assert "found a single text" in error and "- what is one" in error
    assert "tuple" not in error


def test_a_duplicate_id_is_reported_together_with_the_other_errors(tmp_path):
    facts = FACT + "  - id: one\n    source: art\n"  # a duplicate, and its text is missing
    errors = errors_of(make_base(tmp_path, facts=facts))
    assert any("facts[1].id: duplicate id 'one' (first at facts[0])" in e for e in errors)
    assert any("facts[1].text: required field is missing" in e for e in errors)


# ----- the fast parse (no line marks) and the careful one (lines marked, only when an error needs them) ---------

BAD_FACTS = """\
facts:
  - id: one
    text: A fact.
    source: art
  - id: two
    source: art
    questions: [what is two]
    aliases: [4.0]
"""


@pytest.fixture
def careful_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The label of the file each time the careful composer (the one that marks lines) runs."""
    calls: list[str] = []
    real = loader._Composer

    def counted(yaml_loader: object, file: loader._File, *args: object) -> loader._Composer:
        calls.append(Path(file.label).name)
        return real(yaml_loader, file, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "_Composer", counted)
    return calls


def test_a_valid_base_is_read_without_marking_lines(tmp_path, careful_parses):
    load_knowledge(make_base(tmp_path))
    load_knowledge(ROOT / "knowledge")
    assert careful_parses == []


def test_an_error_after_the_fast_parse_still_names_file_line_and_field(tmp_path, careful_parses):
    errors = errors_of(make_base(tmp_path, facts=BAD_FACTS))
    assert careful_parses == ["facts.yaml"]  # read fast, then again to find the lines
    assert [e.split("kb/", 1)[1] for e in errors] == [
        "facts.yaml:5: facts[1].text: required field is missing",
        'facts.yaml:8: facts[1].aliases[0]: input should be a valid string (quote values such as "4.0" or 2017 to'
        " keep them text)",
    ]


def test_a_file_the_fast_parse_leaves_gives_the_same_errors(tmp_path, careful_parses):
    """An anchor (or an alias, a merge, a tag) is left to the careful parse: the same base, the same messages."""
    (tmp_path / "plain").mkdir()
    (tmp_path / "anchored").mkdir()
    plain = errors_of(make_base(tmp_path / "plain", facts=BAD_FACTS))
    anchored = errors_of(
        make_base(
            tmp_path / "anchored", facts=BAD_FACTS.replace("source: art\n  - id: two", "source: &s art\n  - id: two")
        )
    )
    assert [e.split("kb/", 1)[1] for e in anchored] == [e.split("kb/", 1)[1] for e in plain]
    assert careful_parses.count("facts.yaml") == 2  # plain: to mark lines; anchored: its only parse


@pytest.mark.parametrize("name", ["facts", "quotes", "policies", "comparisons", "sources", "synonyms", "lexicon"])
def test_the_fast_parse_gives_the_data_the_careful_one_gives(name):
    path = ROOT / "knowledge" / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    careful = loader._Composer(loader._Loader(text), loader._File(path, name), loader.DEFAULT_LIMITS, []).document()
    assert loader._fast(text, loader.DEFAULT_LIMITS) == careful


def test_the_fast_parse_reads_numbers_dates_and_tags_as_the_careful_one_does(tmp_path):
    text = "a: !!str 1\nb: 2017-05-06\nc: 1.5\nd: null\ne: '2017'\nf: yes\n"
    careful = loader._Composer(loader._Loader(text), loader._File(tmp_path, "x"), loader.DEFAULT_LIMITS, []).document()
    assert (
        loader._fast(text, loader.DEFAULT_LIMITS)
        == careful
        == {"a": "1", "b": dt.date(2017, 5, 6), "c": 1.5, "d": None, "e": "2017", "f": True}
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: 1\na: 2\n",  # a duplicate key
        "base: &b {x: 1}\nc:\n  <<: *b\n",  # a merge
        "a: [1, 2\n",  # a syntax error
        "--- 1\n--- 2\n",  # two documents
        "[[[[1]]]]\n",  # deeper than the limit below
    ],
)
def test_the_fast_parse_leaves_anything_unusual_to_the_careful_one(text):
    with pytest.raises(loader._Slow):
        loader._fast(text, loader.Limits(max_depth=3))


def test_examples_load_as_entry_and_wording_pairs(tmp_path):
    folder = make_base(tmp_path, examples="examples:\n  - id: one\n    questions: [the first thing, numero uno]\n")
    assert load_knowledge(folder).examples == (("one", "the first thing"), ("one", "numero uno"))


def test_an_example_for_an_entry_the_base_no_longer_has_is_skipped_with_its_line(tmp_path, caplog):
    """Renaming an entry must not stop the bot: its examples are skipped, and the warning says where."""
    text = "examples:\n  - id: one\n    questions: [fine]\n  - id: nope\n    questions: [x]\n"
    with caplog.at_level("WARNING", logger="knowledge.loader"):
        knowledge = load_knowledge(make_base(tmp_path, examples=text))
    assert knowledge.examples == (("one", "fine"),)
    assert "examples.yaml:4: examples[1].id: skipped: no entry 'nope' (`make examples`)" in caplog.text


def test_examples_must_be_a_list_under_their_key(tmp_path):
    assert [e.split("/kb/")[-1] for e in errors_of(make_base(tmp_path, examples="- id: one\n"))] == [
        "examples.yaml:1: (file): expected a mapping with the key 'examples', holding a list"
    ]


CALIBRATION = "bias: -1.5\ntrained: a test\nweights:\n" + "".join(f"  {name}: 0.5\n" for name in CALIBRATION_FEATURES)
FIT_LINE = 4 + CALIBRATION_FEATURES.index("fit")


def test_a_calibration_loads_with_a_weight_for_each_feature(tmp_path):
    loaded = load_knowledge(make_base(tmp_path, calibration=CALIBRATION)).calibration
    assert loaded is not None and loaded.bias == -1.5 and set(loaded.weights.values()) == {0.5}
    (tmp_path / "kb" / "calibration.yaml").unlink()
    assert load_knowledge(tmp_path / "kb").calibration is None  # optional: the rules decide


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (
            ("  fit: 0.5\n", "  fit: lots\n"),
            f"calibration.yaml:{FIT_LINE}: weights.fit: input should be a valid number, unable to parse string as a "
            "number",
        ),
        (("bias: -1.5\n", ""), "calibration.yaml:1: bias: required field is missing"),
        (("bias: -1.5\n", "bias: .nan\n"), "calibration.yaml:1: bias: input should be a finite number"),
        (
            ("  fit: 0.5\n", "  fit: .inf\n"),
            f"calibration.yaml:{FIT_LINE}: weights.fit: input should be a finite number",
        ),
        (("  fit: 0.5\n", "  fit: 1e9\n"), "calibration.yaml:4: weights: value error, weights must be finite numbers"),
    ],
)
def test_a_bad_calibration_names_its_line_and_field(tmp_path, edit, error):
    errors = errors_of(make_base(tmp_path, calibration=CALIBRATION.replace(*edit)))
    assert [e.split("/kb/")[-1] for e in errors] == [error]


def test_a_calibration_for_other_features_is_ignored_with_a_warning_naming_its_line(tmp_path, caplog):
    """Learned weights from another release must not stop the bot: the rules decide alone until `make calibrate`."""
    text = CALIBRATION.replace("  score: 0.5\n", "  scroe: 0.5\n")
    with caplog.at_level("WARNING", logger="knowledge.loader"):
        assert load_knowledge(make_base(tmp_path, calibration=text)).calibration is None
    assert (
        "calibration.yaml:4: weights: ignored, the rules decide alone: not one weight for each feature "
        "(unknown scroe; missing score) (`make calibrate`)" in caplog.text
    )
