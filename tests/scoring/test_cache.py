"""`PerInstrument`: one value per live instrument object (the engine's and the totals' tables)."""

from __future__ import annotations

import gc

from layakanak.instruments.schema import load_yaml
from layakanak.scoring.cache import PerInstrument
from layakanak.scoring.engine import CompiledInstrument, compiled
from layakanak.scoring.model import Instrument
from layakanak.scoring.totals import TotalsTable, compiled_totals
from tests.scoring.fixture import FIXTURE_PATH


def fresh_instrument() -> Instrument:
    """A new instrument object each time (fresh_instrument() is cached)."""
    return load_yaml(FIXTURE_PATH)


def test_built_once_per_instrument_object_and_again_for_another() -> None:
    built: list[Instrument] = []

    def build(instrument: Instrument) -> int:
        built.append(instrument)
        return len(built)

    cache = PerInstrument(build)
    first, second = fresh_instrument(), fresh_instrument()
    assert first is not second
    assert cache(first) == 1
    assert cache(first) == 1  # kept
    assert cache(second) == 2  # an equal but different object gets its own value
    assert built == [first, second]


def test_the_value_is_dropped_with_its_instrument() -> None:
    cache = PerInstrument(lambda instrument: [instrument.slug])
    instrument = fresh_instrument()
    cache(instrument)
    assert len(cache._values) == 1
    del instrument
    gc.collect()
    assert cache._values == {}


def test_the_engine_and_the_totals_share_the_cache_behaviour() -> None:
    instrument = fresh_instrument()
    table = compiled(instrument)
    assert isinstance(table, CompiledInstrument) and compiled(instrument) is table
    totals = compiled_totals(instrument)
    assert isinstance(totals, TotalsTable) and compiled_totals(instrument) is totals
    assert compiled(fresh_instrument()) is not table
