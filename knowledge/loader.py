"""Load the YAML folder into a validated :class:`Knowledge`, with errors that name file, line and field."""

from __future__ import annotations

import errno
import gc
import itertools
import logging
import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import StringConstraints, TypeAdapter, ValidationError

from knowledge.compact import Entries, ids_of
from knowledge.models import KINDS, Calibration, Comparison, Knowledge, LearnedEntry, Lexicon, Policy
from knowledge.text import fold

log = logging.getLogger(__name__)

Path_ = tuple[str | int, ...]

DEFAULT_FOLDER = Path(__file__).resolve().parent

# libyaml's parser when PyYAML has it (ten times faster); the constructor stays PyYAML's safe one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Limits:
    """Bounds on each knowledge file, checked while it is read and parsed; a file past one is a KnowledgeError.

    The shipped base is far inside them (its largest file: 0.2 MB, 6 levels, 5,500 values; no alias).
    """

    max_bytes: int = 5 * 2**20  # a file's size
    max_depth: int = 64  # lists and mappings inside one another
    max_nodes: int = 250_000  # values (keys, scalars, lists, mappings), each alias counting as what it repeats
    max_aliases: int = 1_000  # *name references
    max_value_chars: int = 100  # a number, date or other value that is not text


DEFAULT_LIMITS = Limits()


class KnowledgeError(Exception):
    """The base failed to load. ``errors`` lists every problem, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class _File:
    """One parsed YAML file: its data and the line of every node, by path.

    The lines are found only when an error needs one: a file is first parsed without them (``_fast``), its text
    kept; the first question for a line parses that text again, marking each node's line (``_Composer``).
    """

    def __init__(self, path: Path, label: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.label = label
        self.limits = limits
        self.text: str | None = None  # kept after a parse without lines, to find them when asked
        self._lines: dict[Path_, int] | None = None
        self._mappings: set[Path_] | None = None

    def marking(self) -> tuple[dict[Path_, int], set[Path_]]:
        """Empty tables of lines and mappings for a parse that marks them as it goes."""
        self._lines, self._mappings, self.text = {}, set(), None
        return self._lines, self._mappings

    @property
    def lines(self) -> dict[Path_, int]:
        if self._lines is None:
            self._mark()
        return self._lines  # type: ignore[return-value]

    @property
    def mappings(self) -> set[Path_]:
        if self._mappings is None:
            self._mark()
        return self._mappings  # type: ignore[return-value]

    def _mark(self) -> None:
        text = self.text
        self.marking()
        if text is None:
            return
        loader = _Loader(text)
        try:
            _Composer(loader, self, self.limits, []).document()
        except (_Breach, yaml.YAMLError):  # the fast parse read it: cannot happen, and lines default to 1
            pass
        finally:
            loader.dispose()

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


def _read(file: _File, limits: Limits, errors: list[str]) -> bytes | None:
    """The file's bytes, or None after an error: not a regular file, unreadable, or past ``max_bytes``.

    Opened without blocking (a pipe where the file belongs would wait forever) and checked with ``fstat`` on the
    open file, so what is read is what was checked; never more than ``max_bytes`` + 1 bytes are read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(file.path, flags)
    except OSError as exc:
        errors.append(f"{file.label}:1: {_unreadable(file.path, exc)}")
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            problem = "a folder, not a file; put the YAML file here instead"
        elif not stat.S_ISREG(info.st_mode):
            problem = "not a regular file (a pipe, socket or device); expected a YAML file"
        elif info.st_size > limits.max_bytes:
            problem = _too_big(info.st_size, limits)
        else:
            with os.fdopen(os.dup(fd), "rb") as handle:
                raw = handle.read(limits.max_bytes + 1)
            problem = _too_big(len(raw), limits) if len(raw) > limits.max_bytes else ""  # it grew after fstat
    except OSError as exc:
        problem = _unreadable(file.path, exc)
    finally:
        os.close(fd)
    if problem:
        errors.append(f"{file.label}:1: {problem}")
        return None
    return raw


def _unreadable(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symlink loop: the link never reaches a file"
    if isinstance(exc, FileNotFoundError) and path.is_symlink():
        return f"a symlink to {os.readlink(path)}, which does not exist"
    if isinstance(exc, IsADirectoryError):
        return "a folder, not a file; put the YAML file here instead"
    if isinstance(exc, PermissionError):
        return "cannot be read (permission denied): make it readable by the bot's user"
    return f"cannot be read ({exc.strerror or exc})"


def _too_big(size: int, limits: Limits) -> str:
    return f"the file is {_size(size)}; a knowledge file may be at most {_size(limits.max_bytes)}"


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{n / 2**10:.1f} KB" if n >= 2**10 else f"{n} bytes"


class _Breach(Exception):
    """A file past one of the limits, or a value that cannot be read: stops the parse at once."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Open:
    """A sequence or mapping being composed: its value so far, and what the next event fills in."""

    __slots__ = ("anchor", "height", "key", "line", "loc", "mapping", "merges", "size", "skip", "value")

    def __init__(self, value: list[Any] | dict[Any, Any], loc: Path_, anchor: str | None, line: int) -> None:
        self.value = value
        self.mapping = isinstance(value, dict)
        self.loc = loc
        self.anchor = anchor
        self.line = line
        self.size = 1  # values in it, counting each alias as the values it repeats
        self.height = 1  # levels of nesting in it, counting those an alias brings in
        self.key: Any = _NO_KEY  # a mapping's key awaiting its value (_MERGE for <<)
        self.skip = False  # the awaited value belongs to a duplicate key: reported, not kept
        self.merges: list[tuple[Any, int]] = []  # the values of its merge keys, with their lines

    def child_loc(self) -> Path_:
        if not self.mapping:
            return (*self.loc, len(self.value))
        return (*self.loc, "<<" if self.key is _MERGE else self.key)

    def add(self, value: Any, size: int, height: int, line: int) -> None:
        self.size += size
        if height >= self.height:
            self.height = height + 1
        if not self.mapping:
            self.value.append(value)  # type: ignore[union-attr]
            return
        if self.key is _MERGE:
            self.merges.append((value, line))
        elif not self.skip:
            self.value[self.key] = value  # type: ignore[call-overload]
        self.key, self.skip = _NO_KEY, False


_NO_KEY = object()
_MERGE = object()  # the key of a merge (<<: *defaults)
_OPEN = object()  # an anchor whose value is still being composed: an alias to it is recursive
_NODE_EVENTS = {yaml.ScalarEvent, yaml.AliasEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent}
_END_EVENTS = {yaml.SequenceEndEvent, yaml.MappingEndEvent}
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"


def _parse(file: _File, errors: list[str], limits: Limits = DEFAULT_LIMITS) -> Any:
    """YAML -> plain data, recording each node's line. Returns None after an error.

    The data is composed here from libyaml's events (its parser keeps a stack of its own and does not recurse),
    counting depth, values and aliases as it goes, so a file past a limit stops at the event that crosses it:
    libyaml's recursive composer, which a deeply nested file crashes, is never used.
    """
    file.limits = limits
    raw = _read(file, limits, errors)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        errors.append(f"{file.label}:{line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8")
        return None
    del raw  # the text is what is parsed: a large file is not held twice
    try:
        data = _fast(text, limits)
    except _Slow:
        pass
    else:
        file.text = text
        return data
    loader = _Loader(text)
    try:
        return _Composer(loader, file, limits, errors).document()
    except _Breach as exc:
        errors.append(exc.message)
        return None
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


class _Slow(Exception):
    """The fast parse met something it leaves to the careful one: an error, a limit, an anchor, an alias, a merge."""


_SCALAR, _ALIAS = yaml.ScalarEvent, yaml.AliasEvent
_MAPPING_START, _SEQUENCE_START = yaml.MappingStartEvent, yaml.SequenceStartEvent


def _fast(text: str, limits: Limits) -> Any:
    """YAML -> plain data, the same as ``_Composer`` gives, without marking lines; raises _Slow for anything but a
    plain, valid file within ``limits`` (that file is then parsed by ``_Composer``, which reports what is wrong).

    Counts values and depth as ``_Composer`` does, so a file past a limit stops here too, at the same event.
    """
    loader = _Loader(text)
    try:
        return _FastComposer(loader, limits).document()
    except yaml.YAMLError:
        raise _Slow from None
    finally:
        loader.dispose()


class _FastComposer:
    """``_Composer``'s data from the events of a plain file (no anchors, aliases or merges), without lines."""

    def __init__(self, loader: yaml.CSafeLoader | yaml.SafeLoader, limits: Limits) -> None:
        self.loader = loader
        self.limits = limits
        self.implicit = loader.yaml_implicit_resolvers

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        if event.anchor is not None:
            raise _Slow
        value = event.value
        if event.tag is None and (event.style or (value and value[0] not in self.implicit)):
            return value  # most of a base: quoted, a block, or plain text no implicit type starts with
        try:
            if _tag(self.loader, event) == _MERGE_TAG:
                raise _Slow
            return _scalar(self.loader, event, (), _NO_FILE, self.limits)
        except _Breach:
            raise _Slow from None

    def document(self) -> Any:
        stack: list[Any] = []  # the lists and mappings being composed
        keys: list[Any] = []  # for each, a mapping's key awaiting its value (_NO_KEY: none; always so for a list)
        values, documents, result = 0, 0, None
        max_nodes, max_depth = self.limits.max_nodes, self.limits.max_depth
        get_event, scalar = self.loader.get_event, self.scalar
        while True:
            event = get_event()
            kind = type(event)
            if kind is _SCALAR:
                value = scalar(event)
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                if event.anchor is not None or (stack and keys[-1] is _NO_KEY and type(stack[-1]) is dict):
                    raise _Slow  # an anchor, or a list or mapping as a key
                values += 1
                if values > max_nodes or len(stack) + 1 > max_depth:
                    raise _Slow
                stack.append({} if kind is _MAPPING_START else [])
                keys.append(_NO_KEY)
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value = stack.pop()
                keys.pop()
                values -= 1  # counted when it opened
            elif kind is _ALIAS:
                raise _Slow
            elif kind is yaml.StreamEndEvent:
                return result
            else:
                documents += kind is yaml.DocumentStartEvent
                if documents > 1:
                    raise _Slow
                continue
            values += 1
            if values > max_nodes:
                raise _Slow
            if not stack:
                result = value
                continue
            parent, key = stack[-1], keys[-1]
            if type(parent) is list:
                parent.append(value)
            elif key is _NO_KEY:
                if value in parent:
                    raise _Slow  # a duplicate key
                keys[-1] = value
            else:
                parent[key] = value
                keys[-1] = _NO_KEY


_NO_FILE = _File(Path(), "")  # the fast parse names no file: its errors are the careful parse's to report


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


class _Composer:
    """Plain data from the event stream of one document, within ``limits`` (see ``_parse``); no recursion."""

    def __init__(
        self, loader: yaml.SafeLoader | yaml.CSafeLoader, file: _File, limits: Limits, errors: list[str]
    ) -> None:
        self.loader = loader
        self.file = file
        self.lines, self.mappings = file.marking()
        self.limits = limits
        self.errors = errors
        self.anchors: dict[str, Any] = {}  # anchor -> (value, size, height), or _OPEN while it is composed
        self.stack: list[_Open] = []
        self.values = 0
        self.aliases = 0
        self.result: Any = None

    def document(self) -> Any:
        documents = 0
        get_event = self.loader.get_event
        stack = self.stack
        while True:
            event = get_event()
            kind = type(event)
            if kind in _NODE_EVENTS:
                parent = stack[-1] if stack else None
                if parent is not None and parent.key is _NO_KEY and parent.mapping:
                    self.key(parent, event)
                else:
                    self.node(parent, event)
            elif kind in _END_EVENTS:
                self.close()
            elif event is None or kind is yaml.StreamEndEvent:
                return self.result
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream", None, "but found another document", event.start_mark
                    )

    def breach(self, event: yaml.Event, problem: str) -> _Breach:
        return _Breach(f"{self.file.label}:{event.start_mark.line + 1}: {problem}")

    def count(self, event: yaml.Event, values: int, height: int) -> None:
        self.values += values
        if self.values > self.limits.max_nodes:
            raise self.breach(
                event,
                f"more than {self.limits.max_nodes:,} values (an alias counts as the values it repeats);"
                " split the file or use fewer aliases",
            )
        if len(self.stack) + height > self.limits.max_depth:
            raise self.breach(event, f"nested deeper than {self.limits.max_depth} levels")

    def place(self, value: Any, size: int, height: int, line: int) -> None:
        if self.stack:
            self.stack[-1].add(value, size, height, line)
        else:
            self.result = value

    def node(self, parent: _Open | None, event: yaml.NodeEvent) -> None:
        line = event.start_mark.line + 1
        loc = parent.child_loc() if parent is not None else ()
        self.lines.setdefault(loc, line)
        if isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise self.breach(event, f"more than {self.limits.max_aliases:,} aliases (*name)")
            value, size, height = self.anchored(event)
            self.count(event, size, height)
            self.place(value, size, height, line)
            return
        if event.anchor is not None and event.anchor in self.anchors:
            problem = f"found duplicate anchor {event.anchor!r}; an anchor names one value"
            raise yaml.composer.ComposerError(None, None, problem, event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            self.count(event, 1, 0)
            value = _scalar(self.loader, event, loc, self.file, self.limits)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1, 0)
            self.place(value, 1, 0, line)
            return
        self.count(event, 1, 1)  # a sequence or a mapping opens
        if isinstance(event, yaml.MappingStartEvent):
            self.mappings.add(loc)
        self.stack.append(_Open({} if isinstance(event, yaml.MappingStartEvent) else [], loc, event.anchor, line))
        if event.anchor is not None:
            self.anchors[event.anchor] = _OPEN

    def anchored(self, event: yaml.AliasEvent) -> tuple[Any, int, int]:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        if anchored is _OPEN:
            raise self.breach(event, f"the alias *{event.anchor} is inside the value it names (a recursive alias)")
        return anchored  # type: ignore[no-any-return]

    def key(self, mapping: _Open, event: yaml.NodeEvent) -> None:
        if isinstance(event, yaml.CollectionStartEvent):
            raise self.breach(event, "a key must be a plain value, not a list or a mapping")
        self.count(event, 1, 0)
        if isinstance(event, yaml.AliasEvent):
            key, _, height = self.anchored(event)
            if height:
                raise self.breach(event, "a key must be a plain value, not a list or a mapping")
        else:
            if _tag(self.loader, event) == _MERGE_TAG:
                mapping.key = _MERGE
                return
            key = _scalar(self.loader, event, mapping.loc, self.file, self.limits)
            if event.anchor is not None:
                self.anchors[event.anchor] = (key, 1, 0)
        if key in mapping.value:
            line = event.start_mark.line + 1
            self.errors.append(f"{self.file.label}:{line}: {_dotted((*mapping.loc, key))}: duplicate key {key!r}")
            mapping.skip = True
        mapping.key = key

    def close(self) -> None:
        done = self.stack.pop()
        value = self.merged(done) if done.merges else done.value
        if done.anchor is not None:
            self.anchors[done.anchor] = (value, done.size, done.height)
        self.place(value, done.size, done.height, done.line)

    def merged(self, mapping: _Open) -> dict[Any, Any]:
        """A mapping with its merge keys applied: its own keys win, then the first merged mapping that has it."""
        merged: dict[Any, Any] = {}
        for value, line in mapping.merges:
            for part in value if isinstance(value, list) else [value]:
                if not isinstance(part, dict):
                    raise _Breach(f"{self.file.label}:{line}: a merge (<<) takes a mapping or a list of mappings")
                for key, item in part.items():
                    merged.setdefault(key, item)
        merged.update(mapping.value)
        return merged


def _tag(loader: yaml.SafeLoader | yaml.CSafeLoader, event: yaml.ScalarEvent) -> str:
    if event.tag is None or event.tag == "!":
        value = event.value
        if event.style or (value and value[0] not in loader.yaml_implicit_resolvers):
            return _STR_TAG  # quoted or a block (| or >), or plain text no implicit type starts with
        return str(loader.resolve(yaml.ScalarNode, value, event.implicit))
    return str(event.tag)


_KINDS_OF_VALUE = {
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
    "bool": "a true/false",
    "null": "a null",
}


def _scalar(
    loader: yaml.SafeLoader | yaml.CSafeLoader, event: yaml.ScalarEvent, loc: Path_, file: _File, limits: Limits
) -> Any:
    """A scalar's value; plain strings, most of a base, skip PyYAML's constructor. Numbers and dates are short."""
    tag = _tag(loader, event)
    if tag == _STR_TAG:
        return event.value
    line = event.start_mark.line + 1
    kind = _KINDS_OF_VALUE.get(tag.rsplit(":", 1)[-1], "a value")
    if len(event.value) > limits.max_value_chars:
        raise _Breach(
            f"{file.label}:{line}: {_dotted(loc)}: {kind} {len(event.value):,} characters long; a number, date or"
            f" other value that is not text may have at most {limits.max_value_chars} (quote it to keep it text)"
        )
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        raise _Breach(
            f"{file.label}:{line}: {_dotted(loc)}: not valid as {kind} ({exc}); quote it to keep it text"
        ) from None


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
        items[i] = None  # the parsed entry is no longer needed: memory goes as the models come
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
        if isinstance(entry, Policy):
            refs += [((kind, i, "points", j, "source"), p.source) for j, p in enumerate(entry.points) if p.source]
        elif isinstance(entry, Comparison):
            refs += [((kind, i, "rows", j, "source"), r.source) for j, r in enumerate(entry.rows)]
        for loc, ref in refs:
            if ref not in sources:
                errors.append(file.error(loc, f"unknown source '{ref}' (known: {known})"))
        names = list(entry.aliases)
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
    # By name, not pair by pair (which took minutes for 20,000 comparisons): the earlier comparisons holding each
    # name. For each two sides, walk the holders of the side with fewer and look them up in the other's names;
    # at most MAX_PAIR_ERRORS conflicts are listed for one comparison.
    holders: dict[str, set[int]] = {}
    for n, (i, comparison) in enumerate(entries):
        sides = [{fold(name) for name in (side.name, *side.aliases)} for side in comparison.sides]
        sizes = [sum(len(holders.get(name, ())) for name in names) for names in sides]
        conflicts: set[int] = set()
        for a, b in itertools.combinations(range(len(sides)), 2):
            few, many = (sides[a], sides[b]) if sizes[a] <= sizes[b] else (sides[b], sides[a])
            for m in (m for name in few for m in holders.get(name, ())):
                if len(conflicts) >= MAX_PAIR_ERRORS:
                    break
                if m not in conflicts and any(m in holders.get(name, ()) for name in many):
                    conflicts.add(m)
        for m in sorted(conflicts):
            j, other = entries[m]
            msg = f"shares two sides with comparisons[{j}] ('{other.id}'); a pair would be ambiguous"
            errors.append(file.error(("comparisons", i, "sides"), msg))
        for name in set().union(*sides):
            holders.setdefault(name, set()).add(n)


MAX_PAIR_ERRORS = 10


_SYNONYM_GROUPS = TypeAdapter(
    tuple[tuple[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)], ...], ...]
)


def _load_synonyms(path: Path, errors: list[str], limits: Limits) -> tuple[tuple[str, ...], ...]:
    """Optional ``synonyms.yaml``: groups of two or more words; a word belongs to one group only."""
    if not os.path.lexists(path):
        return ()
    file = _File(path, _label(path))
    data = _parse(file, errors, limits)
    if data is None and _failed(file, errors):
        return ()
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


def _load_lexicon(path: Path, errors: list[str], limits: Limits) -> Lexicon:
    """Optional ``lexicon.yaml``: places, chatter words and off-topic phrases, each a list of texts."""
    if not path.exists():
        return Lexicon()
    file = _File(path, _label(path))
    data = _parse(file, errors, limits)
    if not isinstance(data, dict):
        if data is not None or not any(e.startswith(f"{file.label}:") for e in errors):
            errors.append(f"{file.label}:1: (file): expected a mapping with the keys {', '.join(Lexicon.model_fields)}")
        return Lexicon()
    try:
        return Lexicon.model_validate(data)
    except ValidationError as exc:
        _report(exc, (), file, errors)
        return Lexicon()


def _check_ids_across_kinds(loaded: dict[str, Sequence[Any]], files: dict[str, _File], errors: list[str]) -> None:
    """An id names one entry in the whole base, so that an answer's id is never ambiguous."""
    owners: dict[str, str] = {}
    for kind, entries in loaded.items():
        for i, entry_id in enumerate(ids_of(entries)):
            if kind != "sources" and entry_id in owners and owners[entry_id] != kind:
                message = f"id '{entry_id}' is already used in {owners[entry_id]}; ids are unique across kinds"
                errors.append(files[kind].error((kind, i, "id"), message))
            owners.setdefault(entry_id, kind)


def _check_source_entries(knowledge: Knowledge, file: _File, errors: list[str]) -> None:
    """A source's ``overview``, ``author_entry``, ``opening``, ``conclusion``, ``first_paragraphs`` and
    ``last_paragraphs`` name entries of the base that cite that source."""
    for i, source in enumerate(knowledge.sources):
        named: list[tuple[tuple[str | int, ...], str | None]] = [
            (("sources", i, field), getattr(source, field))
            for field in ("overview", "author_entry", "opening", "conclusion")
        ]
        for field in ("first_paragraphs", "last_paragraphs"):
            named += [(("sources", i, field, j), entry_id) for j, entry_id in enumerate(getattr(source, field))]
        for loc, entry_id in named:
            if entry_id is None:
                continue
            entry = knowledge.entry(entry_id)
            if entry is None:
                errors.append(file.error(loc, f"no entry has the id '{entry_id}'"))
            elif entry.source != source.id:
                errors.append(file.error(loc, f"entry '{entry_id}' cites '{entry.source}', not this source"))


def _label(path: Path) -> str:
    """The path as a member would write it: relative to the working folder when inside it.

    The folder is resolved, not the file: a file that is a symlink is named as it is in the folder (and a symlink
    loop, which cannot be resolved, is named at all).
    """
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # outside the working folder; a loop in the folder's own path
        return str(path)


def _failed(file: _File, errors: list[str]) -> bool:
    return any(e.startswith(f"{file.label}:") for e in errors)


def load_knowledge(folder: str | os.PathLike[str] | None = None, *, limits: Limits = DEFAULT_LIMITS) -> Knowledge:
    """Load and validate every kind's file in ``folder``; raise :class:`KnowledgeError` listing all problems.

    Any file that cannot be read, or is past ``limits``, is an error like any other: this never raises anything
    but KnowledgeError for a bad base.
    """
    enabled = gc.isenabled()
    gc.disable()  # millions of small objects, none cyclic (a recursive alias is refused): the collector would walk
    try:  # them again and again
        return _load(Path(folder) if folder is not None else DEFAULT_FOLDER, limits)
    finally:
        if enabled:
            gc.enable()


def _load(root: Path, limits: Limits) -> Knowledge:
    errors: list[str] = []
    if not root.is_dir():
        raise KnowledgeError([f"{_label(root)}: knowledge folder not found"])
    loaded: dict[str, Sequence[Any]] = {}
    files: dict[str, _File] = {}
    for kind in KINDS:
        path = root / f"{kind}.yaml"
        file = files[kind] = _File(path, _label(path))
        if not os.path.lexists(path):  # a dangling symlink is there, and an error when read
            if kind == "sources":
                errors.append(f"{file.label}: missing; every entry cites a source listed there")
            loaded[kind] = ()
            continue
        data = _parse(file, errors, limits)
        if data is None and _failed(file, errors):
            loaded[kind] = ()
            continue
        entries = _validate(kind, data, file, errors)
        del data  # emptied by _validate as it went
        source_ids = {s.id for _, s in entries} if kind == "sources" else {s.id for s in loaded["sources"]}
        _cross_checks(kind, entries, file, source_ids, errors)
        validated = (entry for _, entry in entries)
        # An answerable kind is kept as the JSON of its entries (knowledge.compact): a large base in little memory.
        loaded[kind] = tuple(validated) if kind == "sources" else Entries.of(KINDS[kind], validated)
        del entries
    _check_ids_across_kinds(loaded, files, errors)
    synonyms = _load_synonyms(root / "synonyms.yaml", errors, limits)
    lexicon = _load_lexicon(root / "lexicon.yaml", errors, limits)
    if not errors and not any(loaded[k] for k in KINDS if k != "sources"):
        errors.append(f"{_label(root)}: no entries; add facts, quotes, policies or comparisons")
    if errors:
        raise KnowledgeError(errors)
    knowledge = Knowledge(folder=root, synonyms=synonyms, lexicon=lexicon, **loaded)
    _check_source_entries(knowledge, files["sources"], errors)
    knowledge = _load_learned(root / "learned.yaml", knowledge, errors)
    knowledge = _load_examples(root / "examples.yaml", knowledge, errors)
    knowledge = _load_calibration(root / "calibration.yaml", knowledge, errors)
    if errors:
        raise KnowledgeError(errors)
    return knowledge


_LEARNED = TypeAdapter(LearnedEntry)


def _optional(path: Path, errors: list[str]) -> tuple[_File, Any] | None:
    """An optional file, parsed: None when absent or unreadable (the errors say why)."""
    if not path.exists():
        return None
    file = _File(path, _label(path))
    data = _parse(file, errors)
    return None if data is None else (file, data)


def _lists(path: Path, key: str, errors: list[str]) -> tuple[_File, list[tuple[int, LearnedEntry]]] | None:
    """An optional file of ``key:`` (a list of ``id`` and ``questions``), each item validated; None when absent
    or unreadable (the errors say why)."""
    found = _optional(path, errors)
    if found is None:
        return None
    file, data = found
    if not isinstance(data, dict) or set(data) != {key} or not isinstance(data[key], list | None):
        errors.append(f"{file.label}:1: (file): expected a mapping with the key '{key}', holding a list")
        return None
    items = []
    for i, item in enumerate(data[key] or ()):
        try:
            items.append((i, _LEARNED.validate_python(item)))
        except ValidationError as exc:
            _report(exc, (key, i), file, errors)
    return file, items


def _load_examples(path: Path, knowledge: Knowledge, errors: list[str]) -> Knowledge:
    """Optional ``examples.yaml`` (``make examples``): members' questions labelled with the entries that answer
    them, for the ranker (handlers/core/ranker.py). An example for an entry the base no longer has (renamed or
    removed) is skipped with a warning naming its line: the labels are data made from the question sets, and a
    curator renaming an entry must not stop the bot (``make examples`` writes them again)."""
    found = _lists(path, "examples", errors)
    if found is None:
        return knowledge
    file, items = found
    ids = {entry_id for _, entry_id in knowledge.ids()}
    pairs: list[tuple[str, str]] = []
    for i, entry in items:
        if entry.id not in ids:
            log.warning("%s", file.error(("examples", i, "id"), f"skipped: no entry '{entry.id}' (`make examples`)"))
            continue
        pairs.extend((entry.id, wording) for wording in entry.questions)
    return replace(knowledge, examples=tuple(pairs), _sources_by_id={})


_CALIBRATION = TypeAdapter(Calibration)


def _load_calibration(path: Path, knowledge: Knowledge, errors: list[str]) -> Knowledge:
    """Optional ``calibration.yaml`` (``make calibrate``): the weights of the calibrated decision
    (handlers/core/calibration.py). Without it, the matcher's rules decide alone; so they do, with a warning naming
    the line, when its weights are for other features than this release computes (``make calibrate`` writes them
    again): learned data out of date must not stop the bot. A weight that is not a number is an error."""
    found = _optional(path, errors)
    if found is None:
        return knowledge
    file, data = found
    try:
        calibration = _CALIBRATION.validate_python(data)
    except ValidationError as exc:
        _report(exc, (), file, errors)
        return knowledge
    stale = calibration.stale()
    if stale:
        log.warning("%s", file.error(("weights",), f"ignored, the rules decide alone: {stale} (`make calibrate`)"))
        return knowledge
    return replace(knowledge, calibration=calibration, _sources_by_id={})


def _load_learned(path: Path, knowledge: Knowledge, errors: list[str]) -> Knowledge:
    """Optional ``learned.yaml`` (``bot.py learned --export``): wordings merged into existing entries' questions.

    Each must name an entry the base has, and may not be another entry's name, alias or phrasing, nor a wording
    learned for another entry (knowledge/learned.py)."""
    from knowledge.learned import conflict, merge

    found = _lists(path, "learned", errors)
    if found is None:
        return knowledge
    file, items = found
    ids = {entry_id for _, entry_id in knowledge.ids()}
    for i, entry in items:
        if entry.id not in ids:
            errors.append(file.error(("learned", i, "id"), f"unknown entry '{entry.id}'; link wordings to an existing "
                                     "entry's id (`bot.py check --json` lists them)"))  # fmt: skip
            continue
        for j, wording in enumerate(entry.questions):
            reason = conflict(knowledge, wording, entry.id)
            if reason:
                errors.append(file.error(("learned", i, "questions", j), f"refused: {reason}"))
                continue
            knowledge = merge(knowledge, [(entry.id, wording)])
    return knowledge
