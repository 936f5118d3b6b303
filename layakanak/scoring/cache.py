"""One value computed per instrument object and kept while that object lives (pure Python).

The engine's lookup tables and the totals tables are built from an `Instrument` on first use;
instruments are immutable, so the tables stay valid for as long as the instrument object exists,
and are dropped with it (a process that loads a new version of an instrument does not keep the
old tables)."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from layakanak.scoring.model import Instrument

T = TypeVar("T")


class PerInstrument(Generic[T]):
    """`build(instrument)`, computed once per instrument object."""

    def __init__(self, build: Callable[[Instrument], T]) -> None:
        self._build = build
        self._values: dict[int, tuple[weakref.ref[Instrument], T]] = {}

    def __call__(self, instrument: Instrument) -> T:
        key = id(instrument)
        entry = self._values.get(key)
        if entry is not None and entry[0]() is instrument:
            return entry[1]
        value = self._build(instrument)
        self._values[key] = (weakref.ref(instrument), value)
        weakref.finalize(instrument, self._values.pop, key, None)
        return value
