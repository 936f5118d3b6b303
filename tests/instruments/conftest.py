from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture
def shipped_instruments(db: None) -> None:
    """KLA 2022 and KLA 2023 loaded through the real command."""
    call_command("load_instrument", "--shipped", verbosity=0)
