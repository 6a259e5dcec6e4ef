"""A large base held compactly: each validated entry kept as its JSON, decoded into its model when read.

100,000 validated pydantic entries take a few hundred MB; the same entries as JSON take about a seventh of that.
``Entries`` is one kind's entries as one ``bytes`` (their JSON, back to back) and the offsets into it, plus their
ids; reading an entry validates its JSON into the model again (a few microseconds), and the last ones read are
kept in a bounded cache. ``Pairs`` is the answerable entries of a base as one sequence of (kind, entry), in the
order the index numbers them. Both behave as the tuples they stand for: ``len``, indexing, iteration, equality.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)

CACHE = 1_024  # entries of one kind kept decoded, the most recently read
# Fields that hold a date or a text: JSON cannot tell a date from the text "2017-05-06", so a date is written
# tagged ({"date": ...}) and such a model is validated from Python values, where each keeps its type.
DATE_OR_TEXT = {"Policy": ("issued",)}
_DATE_TAG = "date"


def encode(entry: BaseModel) -> bytes:
    """An entry as the JSON ``decode`` reads back into an equal entry."""
    dated = DATE_OR_TEXT.get(type(entry).__name__)
    if not dated:
        return entry.__pydantic_serializer__.to_json(entry)
    data = entry.model_dump(mode="json")
    for name in dated:
        value = getattr(entry, name)
        if isinstance(value, dt.date):
            data[name] = {_DATE_TAG: value.isoformat()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def decode(model: type[M], raw: bytes) -> M:
    """The entry ``raw`` (``encode``'s JSON) holds, validated by ``model``; raises ValueError when it is not one."""
    dated = DATE_OR_TEXT.get(model.__name__)
    if not dated:
        return model.__pydantic_validator__.validate_json(raw)  # type: ignore[no-any-return]
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError(f"expected a mapping of fields, found {type(data).__name__}")
    for name in dated:
        value = data.get(name)
        if isinstance(value, dict):
            if set(value) != {_DATE_TAG} or not isinstance(value[_DATE_TAG], str):
                raise ValueError(f"{name}: not a tagged date")
            data[name] = dt.date.fromisoformat(value[_DATE_TAG])
    return model.model_validate(data)


class Entries(Sequence[M], Generic[M]):
    """One kind's validated entries as JSON (see the module's docstring); ``changed`` replaces some by position.

    ``blob`` is the entries' JSON back to back (``bytes``, or the ``bytearray`` it was written into), ``ptr`` the
    offsets: entry ``i`` is ``blob[ptr[i]:ptr[i + 1]]``."""

    __slots__ = ("_cache", "_lock", "blob", "changed", "ids", "model", "ptr")

    def __init__(
        self,
        model: type[M],
        blob: bytes | bytearray,
        ptr: array[int],
        ids: Sequence[str],
        changed: Mapping[int, M] | None = None,
    ) -> None:
        self.model = model
        self.blob = blob
        self.ptr = ptr
        self.ids = ids
        self.changed: Mapping[int, M] = changed or {}
        self._cache: OrderedDict[int, M] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def of(cls, model: type[M], entries: Iterable[M]) -> Entries[M]:
        """``entries`` (validated models) kept as JSON (written into one buffer: never held twice)."""
        blob, ptr, ids = bytearray(), array("q", [0]), []
        for entry in entries:
            blob += encode(entry)
            ptr.append(len(blob))
            ids.append(entry.id)  # type: ignore[attr-defined]
        return cls(model, blob, ptr, tuple(ids))

    @classmethod
    def validated(cls, model: type[M], blob: bytes, ptr: Sequence[int]) -> Entries[M]:
        """Entries read from a file (``handlers.core.saved``): every one is validated now, so that reading one later
        cannot fail. Raises ValueError (pydantic's ValidationError is one) when one is not a valid entry."""
        offsets = array("q", ptr)
        if not offsets or offsets[0] != 0 or offsets[-1] != len(blob):
            raise ValueError("the offsets do not span the entries")
        ids = []
        for i in range(len(offsets) - 1):
            lo, hi = offsets[i], offsets[i + 1]
            if hi < lo:
                raise ValueError("the offsets are not ascending")
            ids.append(decode(model, blob[lo:hi]).id)  # type: ignore[attr-defined]
        return cls(model, blob, offsets, tuple(ids))

    def replaced(self, changes: Mapping[int, M]) -> Entries[M]:
        """These entries with those at some positions replaced (same ids: a learned wording added to one)."""
        return Entries(self.model, self.blob, self.ptr, self.ids, {**self.changed, **changes})

    def raw(self, i: int) -> bytes:
        """Entry ``i``'s JSON as ``encode`` writes it."""
        entry = self.changed.get(i)
        return encode(entry) if entry is not None else bytes(self.blob[self.ptr[i] : self.ptr[i + 1]])

    def __len__(self) -> int:
        return len(self.ptr) - 1

    @overload
    def __getitem__(self, i: int) -> M: ...

    @overload
    def __getitem__(self, i: slice) -> tuple[M, ...]: ...

    def __getitem__(self, i: int | slice) -> M | tuple[M, ...]:
        if isinstance(i, slice):
            return tuple(self._decoded(k) for k in range(*i.indices(len(self))))
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("entry index out of range")
        with self._lock:  # the cache is shared with reloads and teaching, which run in worker threads
            entry = self._cache.get(i)
            if entry is not None:
                self._cache.move_to_end(i)
                return entry
        entry = self._decoded(i)
        with self._lock:
            self._cache[i] = entry
            if len(self._cache) > CACHE:
                self._cache.popitem(last=False)
        return entry

    def _decoded(self, i: int) -> M:
        entry = self.changed.get(i)
        return entry if entry is not None else decode(self.model, self.blob[self.ptr[i] : self.ptr[i + 1]])

    def __iter__(self) -> Iterator[M]:
        """Every entry in order, decoded one by one (not cached: a walk over the base would flush the cache)."""
        for i in range(len(self)):
            entry = self._cache.get(i)
            yield entry if entry is not None else self._decoded(i)

    def __eq__(self, other: object) -> bool:
        """Equal to another Entries of the same entries (equal objects hash alike: not to a tuple of them)."""
        if not isinstance(other, Entries) or other.model is not self.model or len(other) != len(self):
            return False
        if (other.blob, other.ptr, other.changed) == (self.blob, self.ptr, self.changed):
            return True
        return all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash((self.model, len(self), tuple(self.ids[:64])))

    def __repr__(self) -> str:
        return f"Entries({self.model.__name__}, {len(self):,} entries)"


def ids_of(entries: Sequence[Any]) -> Sequence[str]:
    """The ids of a kind's entries, without decoding them when they are kept compactly."""
    return entries.ids if isinstance(entries, Entries) else [e.id for e in entries]


class Pairs(Sequence[tuple[str, Any]]):
    """Several kinds' entries as one sequence of (kind, entry), in order; read on demand."""

    def __init__(self, kinds: Sequence[tuple[str, Sequence[Any]]]) -> None:
        self.kinds = [(name, entries) for name, entries in kinds if len(entries)]
        self.starts = array("q", [0])
        for _, entries in self.kinds:
            self.starts.append(self.starts[-1] + len(entries))
        self.ids: list[str] = [entry_id for _, entries in self.kinds for entry_id in ids_of(entries)]

    def __len__(self) -> int:
        return self.starts[-1]

    @overload
    def __getitem__(self, i: int) -> tuple[str, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, Any]]: ...

    def __getitem__(self, i: int | slice) -> tuple[str, Any] | list[tuple[str, Any]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("entry index out of range")
        for k, (name, entries) in enumerate(self.kinds):
            if i < self.starts[k + 1]:
                return name, entries[i - self.starts[k]]
        raise IndexError("entry index out of range")

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        for name, entries in self.kinds:
            for entry in entries:
                yield name, entry

    def of_kind(self, name: str) -> Iterator[tuple[int, Any]]:
        """(position, entry) of every entry of one kind, without reading the others."""
        for k, (kind, entries) in enumerate(self.kinds):
            if kind == name:
                yield from enumerate(entries, self.starts[k])
