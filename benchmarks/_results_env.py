"""A throw-away Layak Anak installation with published national results: a temporary folder with
its own SQLite database, the regions (all 514 kab/kota, or the small test subset), the shipped
instruments, the imported 2023 results and cycle 2025 decided for every participant and
published. Used by benchmarks/bench_static_export.py; call `setup()` before anything that
touches Django.

The 2025 outcome follows the national figures (KLA.md section 3): 464 of 514 kab/kota take part,
22 Utama, 69 Nindya, 125 Madya, 139 Pratama; regions are drawn with a fixed seed.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NATIONAL_2025 = {"utama": 22, "nindya": 69, "madya": 125, "pratama": 139}
NATIONAL_PARTICIPANTS = 464
BANDS = {  # score ranges used to draw a final score in each band
    "belum": (380, 499),
    "pratama": (500, 600),
    "madya": (601, 700),
    "nindya": (701, 800),
    "utama": (801, 900),
}


def environment(folder: Path) -> None:
    os.environ["LAYAKANAK_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = ""  # always its own SQLite file, whatever the outer environment
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layakanak.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ["STATIC_ROOT"] = str(folder / "static")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    (folder / "static").mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))


def setup(*, national: bool = True, folder: Path | None = None) -> dict[str, Any]:
    """Create the installation and publish cycle 2025; returns the publication and folder."""
    folder = folder or Path(tempfile.mkdtemp(prefix="layakanak-results-"))
    environment(folder)

    import django

    django.setup()
    from django.core.management import call_command

    from layakanak.regions.models import Region, RegionLevel

    call_command("migrate", verbosity=0)
    if national:
        call_command("load_regions", verbosity=0, stdout=io.StringIO())
    else:
        from tests.conftest import load_subset, write_region_subset

        load_subset(write_region_subset(folder / "regions"))
    call_command("load_instrument", "--shipped", verbosity=0, stdout=io.StringIO())
    kabkota = list(
        Region.objects.filter(level=RegionLevel.REGENCY, retired_on__isnull=True).order_by("code")
    )
    publication = publish_national(kabkota, seed=2025)
    return {"publication": publication, "folder": folder, "regions": len(kabkota)}


def _draw(codes: list[str], rng: random.Random) -> dict[str, tuple[str, str]]:
    """Band and final score per participating region, in the national proportions."""
    scale = len(codes) / NATIONAL_PARTICIPANTS
    outcomes: dict[str, tuple[str, str]] = {}
    pool = codes[:]
    rng.shuffle(pool)
    for band, count in NATIONAL_2025.items():
        for _ in range(max(1, round(count * scale)) if pool else 0):
            if not pool:
                break
            low, high = BANDS[band]
            outcomes[pool.pop()] = (band, f"{rng.uniform(low, high + 0.99):.2f}")
    for code in pool:
        outcomes[code] = ("belum", f"{rng.uniform(*BANDS['belum']):.2f}")
    return outcomes


def publish_national(kabkota: list[Any], *, seed: int) -> Any:
    from django.utils import timezone

    from layakanak.evaluation.actions.cycles import do_create_cycle
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.results.actions.history import do_import_results
    from layakanak.results.actions.publication import do_publish_cycle
    from layakanak.results.history_csv import HistoryRow
    from layakanak.results.snapshot import legend_of_latest_instrument
    from tests.results.conftest import decide_directly

    rng = random.Random(seed)
    codes = [region.code for region in kabkota]
    participants = sorted(rng.sample(codes, round(len(codes) * NATIONAL_PARTICIPANTS / 514)))
    before = _draw(sorted(rng.sample(codes, round(len(codes) * 0.7))), rng)
    do_import_results(
        [
            HistoryRow(
                line=n,
                cycle="2023",
                code=code,
                predicate="" if band == "belum" else band,
                score=score,
                source="Kepmen PPPA 2023",
            )
            for n, (code, (band, score)) in enumerate(sorted(before.items()), start=2)
        ],
        bands=legend_of_latest_instrument(),
        actor="benchmark",
        names={"2023": ("Evaluasi KLA 2023", "KLA evaluation 2023")},
    )
    now = timezone.now()
    day = datetime.timedelta(days=1)
    cycle = do_create_cycle(
        "2025",
        name_id="Evaluasi KLA 2025",
        name_en="KLA evaluation 2025",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - 400 * day, now - 300 * day)},
        actor="benchmark",
    )
    decide_directly(cycle, _draw(participants, rng))
    return do_publish_cycle(
        cycle,
        actor="benchmark",
        decree_number="Kepmen PPPA No. 85 Tahun 2025",
        decree_date=datetime.date(2025, 7, 23),
    )
