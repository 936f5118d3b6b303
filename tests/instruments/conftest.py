from __future__ import annotations

import pytest

from tests.shipped import load_shipped_instruments


@pytest.fixture
def shipped_instruments(db: None) -> None:
    """KLA 2022 and KLA 2023, loaded as `layakanak load_instrument --shipped` loads them."""
    load_shipped_instruments()
