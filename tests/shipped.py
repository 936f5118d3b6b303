"""The shipped instruments for test databases, read and validated once per test process.

`layakanak load_instrument --shipped` reads and validates both YAML files (about 0.3 s of CPU)
before it loads them; hundreds of tests need them loaded. The parsed model is immutable, so the
tests share one reading and each test database still gets its rows through the very action the
command uses. The command itself is tested in tests/instruments/test_load_instrument_command.py.
"""

from __future__ import annotations

import functools

from layakanak.instruments.actions import do_load_instrument
from layakanak.instruments.files import read_instrument_file, shipped_instrument_files
from layakanak.scoring.model import Instrument


@functools.cache
def shipped_instruments() -> tuple[Instrument, ...]:
    return tuple(read_instrument_file(path) for path in shipped_instrument_files())


def load_shipped_instruments() -> None:
    """Load KLA 2022 and KLA 2023 into the database, as `load_instrument --shipped` does."""
    for instrument in shipped_instruments():
        do_load_instrument(instrument, actor="command:load_instrument")
