"""Shared fixtures: a small real region set (Kalimantan Timur, Kalimantan Utara, DKI Jakarta)
cut from the shipped files and loaded with the real loader, and named people."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from layakanak.regions.files import DATA_DIR

FIXTURE_PROVINCES = ("31", "64", "65")


def write_region_subset(target: Path, provinces: tuple[str, ...] = FIXTURE_PROVINCES) -> Path:
    """Copy the shipped region files, keeping only the given provinces."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv"):
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source))
        kept = [rows[0]] + [row for row in rows[1:] if row[0][:2] in provinces]
        with (target / name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(kept)
    import json

    for name in ("provinces.geojson", "regencies.geojson"):
        document = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        document["features"] = [
            f for f in document["features"] if str(f["properties"]["code"])[:2] in provinces
        ]
        (target / name).write_text(json.dumps(document), encoding="utf-8")
    return target


# Fixtures of the tests that drive the browser.
BROWSER_FIXTURES = frozenset({"page", "context", "browser", "live_server"})

# Fixtures through which a test reaches the test database (besides the django_db marker).
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "admin_user",
        "admin_client",
        "django_user_model",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every test that drives Chromium `e2e` (it takes the `page` or `live_server` fixture),
    so that `-m 'not e2e'` is the quick run without a browser.

    Marks the tests whose outcome cannot depend on DATABASE_URL, so that `.ci/run`'s PostgreSQL
    pass, whose only difference is DATABASE_URL, does not run them again:

    - `own_database`: the smoke runs of the benchmarks (`test_*bench*smoke*.py`) start the
      benchmark script in a subprocess that builds its own throw-away database and ignores
      DATABASE_URL (the ones that compare databases start their own PostgreSQL too);
    - `no_database`: tests without the django_db marker and without a database fixture.
      pytest-django refuses them any database access, so they fail in the first pass if they
      try. (A new test of that kind that starts a subprocess using DATABASE_URL must take the
      `db` fixture or the django_db marker, so that it runs in both passes.)"""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)
        name = item.path.name
        if name.startswith("test_") and "bench" in name and "smoke" in name:
            item.add_marker(pytest.mark.own_database)
        elif item.get_closest_marker("django_db") is None and not (
            DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        ):
            item.add_marker(pytest.mark.no_database)


@pytest.fixture(scope="session")
def region_subset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_region_subset(tmp_path_factory.mktemp("regions"))


def load_subset(directory: Path) -> None:
    from layakanak.regions.actions import do_load_regions
    from layakanak.regions.files import read_region_files

    do_load_regions(read_region_files(directory), actor="test")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, region_subset_dir):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        load_subset(region_subset_dir)


@pytest.fixture
def regions(db, region_subset_dir):  # type: ignore[no-untyped-def]
    """The fixture provinces with all their regions (reloaded if a transactional test flushed)."""
    from layakanak.regions.models import Region

    if not Region.objects.filter(code="64.71").exists():
        load_subset(region_subset_dir)


@pytest.fixture
def shipped_data_copy(tmp_path: Path) -> Path:
    """A writable copy of a small region subset, for tests that break files on purpose."""
    return write_region_subset(tmp_path / "data", ("64",))


def copy_file(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
