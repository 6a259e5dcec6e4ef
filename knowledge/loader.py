"""Load the YAML folder into a validated :class:`Knowledge`, with errors that name file, line and field."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import StringConstraints, TypeAdapter, ValidationError

from knowledge.models import KINDS, Comparison, Knowledge, Lexicon
from knowledge.text import fold

Path_ = tuple[str | int, ...]

DEFAULT_FOLDER = Path(__file__).resolve().parent

# libyaml's parser when PyYAML has it (ten times faster); the constructor stays PyYAML's safe one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class KnowledgeError(Exception):
    """The base failed to load. ``errors`` lists every problem, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class _File:
    """One parsed YAML file: its data and the line of every node, by path."""

    def __init__(self, path: Path, label: str) -> None:
        self.path = path
        self.label = label
        self.lines: dict[Path_, int] = {}
        self.mappings: set[Path_] = set()

    def line(self, loc: Iterable[str | int]) -> int:
        loc = tuple(loc)
        while loc not in self.lines and loc:
            loc = loc[:-1]
        return self.lines.get(loc, 1)

    def error(self, loc: Iterable[str | int], message: str) -> str:
        loc = tuple(loc)
        return f"{self.label}:{self.line(loc)}: {_dotted(loc)}: {message}"


def _dotted(loc: Path_) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _parse(file: _File, errors: list[str]) -> Any:
    """YAML -> plain data, recording each node's line. Returns None after an error."""
    raw = file.path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(f"{file.label}:{line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        return None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _build(loader, node, (), file, errors)
    except yaml.MarkedYAMLError as exc:
        opened = _unclosed_quote(text, exc)
        if opened is not None:
            errors.append(f"{file.label}:{opened.line + 1}:{opened.column + 1}: YAML syntax error: {UNCLOSED}")
            return None
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1"
        problem = " ".join(p for p in (exc.context, exc.problem) if p)
        errors.append(f"{file.label}:{where}: YAML syntax error: {problem}")
        return None
    except yaml.YAMLError as exc:
        errors.append(f"{file.label}:1: YAML error: {exc}")
        return None
    finally:
        loader.dispose()


UNCLOSED = "a quoted string opens here and is never closed (its closing quote is missing)"
_LOOKS_LIKE_YAML = re.compile(r"\n\s*(?:- |[A-Za-z_][\w-]*:(?:\s|$))")


def _unclosed_quote(text: str, exc: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where the string that ran on opened, when a quote left open is the likely cause of ``exc``.

    At the end of the file, YAML names the opening itself (its context mark). Otherwise the string runs on to the
    next quote character and YAML fails further down: the culprit is then the last string before the failure that
    spans lines holding what looks like YAML (list items, keys).
    """
    if exc.context and "quoted scalar" in exc.context and exc.context_mark is not None:
        return exc.context_mark
    failed = exc.problem_mark.index if exc.problem_mark else len(text)
    scanner = yaml.SafeLoader(text)  # the pure-Python scanner: tokens with their marks
    culprit = None
    try:
        while not scanner.check_token(yaml.StreamEndToken):
            token = scanner.get_token()
            if token.start_mark.index >= failed:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in {'"', "'"}:
                raw = text[token.start_mark.index : token.end_mark.index]
                if _LOOKS_LIKE_YAML.search(raw):
                    culprit = token.start_mark
    except yaml.YAMLError:
        pass
    finally:
        scanner.dispose()
    return culprit


def _build(
    loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.Node, loc: Path_, file: _File, errors: list[str]
) -> Any:
    file.lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        file.mappings.add(loc)
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            if key in out:
                line = key_node.start_mark.line + 1
                errors.append(f"{file.label}:{line}: {_dotted((*loc, key))}: duplicate key {key!r}")
                continue
            out[key] = _build(loader, value_node, (*loc, key), file, errors)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*loc, i), file, errors) for i, item in enumerate(node.value)]
    return _scalar(loader, node)


_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.Node) -> Any:
    """A node's value; plain strings, most of a base, skip PyYAML's general constructor."""
    if node.tag == _STR_TAG and isinstance(node, yaml.ScalarNode):
        return node.value
    return loader.construct_object(node, deep=True)


_ADAPTERS = {kind: TypeAdapter(model) for kind, model in KINDS.items()}

_TYPE_HINTS = {
    "string_type": ' (quote values such as "4.0" or 2017 to keep them text)',
}


def _validate(kind: str, data: Any, file: _File, errors: list[str]) -> list[tuple[int, Any]]:
    """Each entry on its own, so that one bad entry hides no other error. Returns (index, entry) pairs."""
    if data is None:
        errors.append(f"{file.label}:1: (file): the file is empty; expected a mapping with the key '{kind}'")
        return []
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        errors.append(f"{file.label}:1: (file): expected a mapping with the key '{kind}', found {found}")
        return []
    for key in data:
        if key != kind:
            errors.append(file.error((key,), f"unknown key; this file holds only '{kind}'"))
    items = data.get(kind)
    if not isinstance(items, list):
        what = "missing" if kind not in data else f"a {type(items).__name__}, expected a list of entries"
        errors.append(file.error((kind,), f"'{kind}' is {what}"))
        return []
    _duplicate_ids(kind, items, file, errors)
    entries = []
    for i, item in enumerate(items):
        try:
            entries.append((i, _ADAPTERS[kind].validate_python(item)))
        except ValidationError as exc:
            _report(exc, (kind, i), file, errors)
    return entries


def _report(exc: ValidationError, base: Path_, file: _File, errors: list[str]) -> None:
    messages: dict[Path_, list[str]] = {}
    for err in exc.errors(include_url=False):
        loc = _data_loc((*base, *err["loc"]), file)
        if err["type"] == "missing":
            message = "required field is missing"
        elif err["type"] == "extra_forbidden":
            message = "unknown field"
        elif err["type"] in {"model_type", "model_attributes_type"}:
            message = "expected a mapping of fields"
        elif err["type"] in {"tuple_type", "list_type"}:
            found = err.get("input")
            message = "expected a list, one item a line starting with '- '"
            if isinstance(found, str):
                message += f", found a single text; write it as:\n  - {found[:60]}"
        else:
            message = err["msg"][0].lower() + err["msg"][1:] + _TYPE_HINTS.get(err["type"], "")
        if message not in messages.setdefault(loc, []):
            messages[loc].append(message)
    errors.extend(file.error(loc, "; or ".join(msgs)) for loc, msgs in messages.items())


def _data_loc(loc: Path_, file: _File) -> Path_:
    """Drop the parts pydantic appends for union members ('date', 'constrained-str') below a scalar."""
    while loc and isinstance(loc[-1], str) and loc not in file.lines and loc[:-1] in file.lines:
        if loc[:-1] in file.mappings:
            break
        loc = loc[:-1]
    return loc


def _duplicate_ids(kind: str, items: list[Any], file: _File, errors: list[str]) -> None:
    """Ids used twice in one file, read before the entries are validated: reported with the other errors, not
    only once those are fixed."""
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        entry_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(entry_id, str):
            continue
        if entry_id in seen:
            errors.append(file.error((kind, i, "id"), f"duplicate id '{entry_id}' (first at {kind}[{seen[entry_id]}])"))
        else:
            seen[entry_id] = i


def _cross_checks(kind: str, entries: list[tuple[int, Any]], file: _File, sources: set[str], errors: list[str]) -> None:
    """Known sources, aliases that do not collide within a kind (unique ids: ``_duplicate_ids``)."""
    known = ", ".join(sorted(sources)) or "none"
    seen_aliases: dict[str, tuple[int, str]] = {}
    for i, entry in entries:
        if kind == "sources":
            continue
        refs: list[tuple[Path_, str]] = [((kind, i, "source"), entry.source)]
        refs += [
            ((kind, i, "points", j, "source"), p.source) for j, p in enumerate(getattr(entry, "points", ())) if p.source
        ]
        refs += [((kind, i, "rows", j, "source"), r.source) for j, r in enumerate(getattr(entry, "rows", ()))]
        for loc, ref in refs:
            if ref not in sources:
                errors.append(file.error(loc, f"unknown source '{ref}' (known: {known})"))
        names = list(getattr(entry, "aliases", ()))
        if kind == "policies":
            names.insert(0, entry.name)
        for j, alias in enumerate(names):
            key = fold(alias)
            owner = seen_aliases.get(key)
            loc = (kind, i, "name") if kind == "policies" and j == 0 else (kind, i, "aliases", j - (kind == "policies"))
            if owner and owner[0] != i:
                errors.append(file.error(loc, f"alias '{alias}' collides with {kind}[{owner[0]}] ('{owner[1]}')"))
            else:
                seen_aliases.setdefault(key, (i, entry.id))
        if isinstance(entry, Comparison):
            _check_comparison(i, entry, file, errors)
    if kind == "comparisons":
        _check_comparison_pairs(entries, file, errors)


def _check_comparison(i: int, entry: Comparison, file: _File, errors: list[str]) -> None:
    if len(entry.sides) < 2:
        errors.append(file.error(("comparisons", i, "sides"), "a comparison needs at least two sides"))
    owners: dict[str, int] = {}
    for s, side in enumerate(entry.sides):
        for name in (side.name, *side.aliases):
            key = fold(name)
            if key in owners and owners[key] != s:
                errors.append(
                    file.error(("comparisons", i, "sides", s), f"side name '{name}' also names side {owners[key]}")
                )
            owners.setdefault(key, s)
    for r, row in enumerate(entry.rows):
        if len(row.values) != len(entry.sides):
            msg = f"{len(row.values)} values for {len(entry.sides)} sides; give one value per side, in order"
            errors.append(file.error(("comparisons", i, "rows", r, "values"), msg))


def _check_comparison_pairs(entries: list[tuple[int, Any]], file: _File, errors: list[str]) -> None:
    """Two comparisons may share one side, never two: a pair of names must pick one comparison."""
    side_names = [(i, c, [{fold(n) for n in (s.name, *s.aliases)} for s in c.sides]) for i, c in entries]
    for n, (i, _, sides_i) in enumerate(side_names):
        for j, other, sides_j in side_names[:n]:
            shared = sum(any(a & b for b in sides_j) for a in sides_i)
            if shared >= 2:
                msg = f"shares two sides with comparisons[{j}] ('{other.id}'); a pair would be ambiguous"
                errors.append(file.error(("comparisons", i, "sides"), msg))


_SYNONYM_GROUPS = TypeAdapter(
    tuple[tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...], ...]
)


def _load_synonyms(path: Path, errors: list[str]) -> tuple[tuple[str, ...], ...]:
    """Optional ``synonyms.yaml``: groups of two or more words; a word belongs to one group only."""
    if not path.exists():
        return ()
    file = _File(path, _label(path))
    data = _parse(file, errors)
    if not isinstance(data, dict) or set(data) != {"synonyms"}:
        errors.append(f"{file.label}:1: (file): expected a mapping with the key 'synonyms'")
        return ()
    try:
        groups = _SYNONYM_GROUPS.validate_python(data["synonyms"])
    except ValidationError as exc:
        _report(exc, ("synonyms",), file, errors)
        return ()
    owner: dict[str, int] = {}
    for i, group in enumerate(groups):
        if len(group) < 2:
            errors.append(file.error(("synonyms", i), "a group needs at least two words"))
        for j, word in enumerate(group):
            key = fold(word)
            if key in owner and owner[key] != i:
                errors.append(file.error(("synonyms", i, j), f"'{word}' is already in synonyms[{owner[key]}]"))
            owner.setdefault(key, i)
    return groups


def _load_lexicon(path: Path, errors: list[str]) -> Lexicon:
    """Optional ``lexicon.yaml``: places, chatter words and off-topic phrases, each a list of texts."""
    if not path.exists():
        return Lexicon()
    file = _File(path, _label(path))
    data = _parse(file, errors)
    if not isinstance(data, dict):
        if data is not None or not any(e.startswith(f"{file.label}:") for e in errors):
            errors.append(f"{file.label}:1: (file): expected a mapping with the keys {', '.join(Lexicon.model_fields)}")
        return Lexicon()
    try:
        return Lexicon.model_validate(data)
    except ValidationError as exc:
        _report(exc, (), file, errors)
        return Lexicon()


def _check_ids_across_kinds(loaded: dict[str, tuple[Any, ...]], files: dict[str, _File], errors: list[str]) -> None:
    """An id names one entry in the whole base, so that an answer's id is never ambiguous."""
    owners: dict[str, str] = {}
    for kind, entries in loaded.items():
        for i, entry in enumerate(entries):
            if kind != "sources" and entry.id in owners and owners[entry.id] != kind:
                message = f"id '{entry.id}' is already used in {owners[entry.id]}; ids are unique across kinds"
                errors.append(files[kind].error((kind, i, "id"), message))
            owners.setdefault(entry.id, kind)


def _label(path: Path) -> str:
    """The path as a member would write it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_knowledge(folder: str | os.PathLike[str] | None = None) -> Knowledge:
    """Load and validate every kind's file in ``folder``; raise :class:`KnowledgeError` listing all problems."""
    root = Path(folder) if folder is not None else DEFAULT_FOLDER
    errors: list[str] = []
    if not root.is_dir():
        raise KnowledgeError([f"{_label(root)}: knowledge folder not found"])
    loaded: dict[str, tuple[Any, ...]] = {}
    files: dict[str, _File] = {}
    for kind in KINDS:
        path = root / f"{kind}.yaml"
        file = files[kind] = _File(path, _label(path))
        if not path.exists():
            if kind == "sources":
                errors.append(f"{file.label}: missing; every entry cites a source listed there")
            loaded[kind] = ()
            continue
        data = _parse(file, errors)
        if data is None and any(e.startswith(f"{file.label}:") for e in errors):
            loaded[kind] = ()
            continue
        entries = _validate(kind, data, file, errors)
        source_ids = {s.id for _, s in entries} if kind == "sources" else {s.id for s in loaded["sources"]}
        _cross_checks(kind, entries, file, source_ids, errors)
        loaded[kind] = tuple(entry for _, entry in entries)
    _check_ids_across_kinds(loaded, files, errors)
    synonyms = _load_synonyms(root / "synonyms.yaml", errors)
    lexicon = _load_lexicon(root / "lexicon.yaml", errors)
    if not errors and not any(loaded[k] for k in KINDS if k != "sources"):
        errors.append(f"{_label(root)}: no entries; add facts, quotes, policies or comparisons")
    if errors:
        raise KnowledgeError(errors)
    return Knowledge(folder=root, synonyms=synonyms, lexicon=lexicon, **loaded)
