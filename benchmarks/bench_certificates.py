"""Benchmark: every certificate (piagam) of a national publication (issue 7: ~400 in under 60 s).

    python benchmarks/bench_certificates.py                  # 514 kab/kota, ~400 certificates
    python benchmarks/bench_certificates.py --processes 1    # rendering in the worker alone
    python benchmarks/bench_certificates.py --smoke          # two provinces (used by the tests)

A throw-away installation (its own SQLite file and media folder) with every province and
kab/kota, the shipped instruments and cycle 2025: 464 of the 514 kab/kota take part, predicates
are drawn with a fixed seed in the proportions of the 2025 awards (KLA.md section 3), and 13
provinces are complete (Provinsi Layak Anak). The cycle is published; the timed part is the
batch exactly as the staff page starts it: `do_request_certificate_batch` with the immediate
task backend, i.e. choosing the awardees, rendering every PDF (WeasyPrint, in
CERTIFICATE_PROCESSES processes), storing each with its SHA-256 and audit event, and the ZIP.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 60.0
SEED = 2025
PROVILA = 13
PARTICIPANTS = 464
# Shares of the 2025 awards among participants (KLA.md: 355 of 464; Utama 22, Nindya 69,
# Madya 125, Pratama 139); the rest took part without a predicate.
SHARES = (("utama", 22), ("nindya", 69), ("madya", 125), ("pratama", 139), ("belum", 109))
TOTALS = {"utama": "845.000", "nindya": "745.000", "madya": "650.000", "pratama": "550.000"}


def write_kabkota_files(target: Path, provinces: tuple[str, ...] | None) -> Path:
    """Provinces and kab/kota from the shipped files (no kecamatan, no desa: not needed)."""
    from layakanak.regions.files import DATA_DIR

    target.mkdir(parents=True, exist_ok=True)
    for name in ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv"):
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as source:
            rows = list(csv.reader(source))
        keep = name in ("provinces.csv", "regencies.csv")
        kept = [rows[0]] + [
            row for row in rows[1:] if keep and (provinces is None or row[0][:2] in provinces)
        ]
        with (target / name).open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(kept)
    return target


def setup(folder: Path, provinces: tuple[str, ...] | None, processes: int | None) -> None:
    os.environ["LAYAKANAK_VAR_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = ""  # always its own SQLite file
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["STATIC_ROOT"] = str(folder / "static")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["TASKS_BACKEND"] = "immediate"  # the batch runs inside the timed call
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layakanak.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    if processes is not None:
        os.environ["CERTIFICATE_PROCESSES"] = str(processes)
    (folder / "static").mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command

    from layakanak.regions.actions import do_load_regions
    from layakanak.regions.files import read_region_files

    call_command("migrate", verbosity=0)
    regions = write_kabkota_files(folder / "regions", provinces)
    do_load_regions(read_region_files(regions, boundaries=False), actor="benchmark")
    call_command("load_instrument", "--shipped", verbosity=0, stdout=io.StringIO())


def publish_national_cycle() -> tuple[object, object]:
    from django.utils import timezone

    from layakanak.accounts.actions import do_create_user
    from layakanak.accounts.roles import AssignmentSpec
    from layakanak.evaluation.actions.cycles import do_create_cycle
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.regions.models import Region, RegionLevel
    from layakanak.results.actions.publication import do_publish_cycle
    from tests.results.conftest import decide_directly

    admin = do_create_user(
        email="admin@kemenpppa.example",
        full_name="Admin Pusat",
        assignments=[AssignmentSpec(role="admin_pusat")],
        actor="benchmark",
        send_invitation=False,
    )
    now = timezone.now()
    cycle = do_create_cycle(
        "2025",
        name_id="Evaluasi KLA 2025",
        name_en="KLA evaluation 2025",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - datetime.timedelta(days=400), now)},
        actor="benchmark",
    )
    kabkota = list(
        Region.objects.filter(level=RegionLevel.REGENCY)
        .order_by("code")
        .values_list("code", flat=True)
    )
    by_province: dict[str, list[str]] = {}
    for code in kabkota:
        by_province.setdefault(code[:2], []).append(code)
    rng = random.Random(SEED)
    complete = sorted(by_province, key=lambda p: (len(by_province[p]), p))[:PROVILA]
    awarded = [band for band, _ in SHARES if band != "belum"]
    bands = [band for band, _ in SHARES]
    weights = [share for _, share in SHARES]
    # 464 of 514 took part in 2025; the complete provinces' kab/kota all did.
    others = [code for code in kabkota if code[:2] not in complete]
    absent = set(rng.sample(others, max(0, len(kabkota) - PARTICIPANTS)))
    outcomes = {}
    for code in kabkota:
        if code in absent:
            continue
        if code[:2] in complete:
            band = rng.choices(awarded, weights[:-1])[0]
        else:
            band = rng.choices(bands, weights)[0]
        outcomes[code] = (band, TOTALS.get(band, "450.000"))
    decide_directly(cycle, outcomes)
    publication = do_publish_cycle(
        cycle,
        actor=admin,
        decree_number="85 Tahun 2025",
        decree_date=datetime.date(2025, 7, 23),
    )
    return publication, admin


def cpu_seconds() -> float:
    """User and system CPU time of this process and of its finished child processes."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="two provinces (for the tests)")
    parser.add_argument(
        "--processes", type=int, default=None, help="rendering processes (CERTIFICATE_PROCESSES)"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="layakanak-bench-certificates-"))
    setup(folder, ("64", "65") if args.smoke else None, args.processes)

    from django.conf import settings
    from django.core.files.storage import default_storage

    from layakanak.results import certificates
    from layakanak.results.actions.certificates import do_request_certificate_batch
    from layakanak.results.models import BatchStatus

    publication, admin = publish_national_cycle()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    batch = do_request_certificate_batch(publication, actor=admin)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE, (batch.status, batch.error)
    live = list(certificates.live_certificates(publication))  # type: ignore[arg-type]
    assert len(live) == batch.total == batch.done
    provila = sum(1 for c in live if c.predicate == "provila")
    pdf_bytes = sum(default_storage.size(c.file) for c in live)
    archive = default_storage.size(batch.archive)
    totals = publication.totals  # type: ignore[attr-defined]
    print(
        f"certificates: {len(live)} ({len(live) - provila} kab/kota of "
        f"{publication.participants} participants, {provila} Provinsi Layak Anak); "  # type: ignore[attr-defined]
        f"predicates {dict((k, v) for k, v in totals.items() if k != 'provila')}"
    )
    print(f"CERTIFICATE_PROCESSES={settings.CERTIFICATE_PROCESSES}, chunks of 20 pages")
    print(
        f"batch (awardees, PDFs, storage, SHA-256, audit, ZIP): {elapsed:.1f} s, "
        f"{elapsed / len(live) * 1000:.0f} ms per certificate"
    )
    print(f"CPU time of the worker and its rendering processes: {cpu:.1f} s")
    print(f"load average at the end (other work on the machine): {os.getloadavg()[0]:.1f}")
    print(f"mean PDF {pdf_bytes / len(live) / 1024:.0f} KB, ZIP {archive / 1024 / 1024:.1f} MB")
    verdict = "met" if elapsed < TARGET else "NOT met"
    print(f"target: all certificates in under {TARGET:.0f} s: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
