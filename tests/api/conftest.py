"""Fixtures of the API tests: the published-results world of the portal tests (a published cycle
after an imported one, and a decided but unpublished one)."""

from tests.portal.conftest import (  # noqa: F401  (fixtures)
    central_admin,
    cycle,
    kla2023,
    world,
)
