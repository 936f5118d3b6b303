"""A throw-away Layak Anak installation for the evaluation benchmarks: a temporary folder with
its own SQLite database and media folder, the Kalimantan Timur regions, the shipped instruments,
an open cycle and Balikpapan's operator. Import `setup()` before anything that touches Django."""

from __future__ import annotations

import datetime
import io
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def setup() -> dict[str, Any]:
    """Create the installation; returns the submission, the operator and the folder."""
    folder = Path(tempfile.mkdtemp(prefix="layakanak-bench-"))
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

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from layakanak.accounts.actions import do_create_user
    from layakanak.accounts.roles import AssignmentSpec
    from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
    from layakanak.evaluation.models import Submission
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.regions.models import Region
    from tests.conftest import load_subset, write_region_subset

    call_command("migrate", verbosity=0)
    load_subset(write_region_subset(folder / "regions", ("64",)))
    call_command("load_instrument", "--shipped", verbosity=0, stdout=io.StringIO())
    now = timezone.now()
    day = datetime.timedelta(days=1)
    cycle = do_create_cycle(
        "2026",
        name_id="Evaluasi KLA 2026",
        name_en="KLA evaluation 2026",
        instrument=InstrumentVersion.objects.get(slug="kla-2023"),
        windows={"evaluasi_mandiri": (now - 10 * day, now + 20 * day)},
        actor="benchmark",
    )
    do_add_participants(cycle, Region.objects.filter(code="64.71"), actor="benchmark")
    operator = do_create_user(
        email="operator@balikpapan.example",
        full_name="Operator Balikpapan",
        assignments=[
            AssignmentSpec(role="operator_daerah", region=Region.objects.get(code="64.71"))
        ],
        actor="benchmark",
        send_invitation=False,
        password="benchmark password 2026",  # noqa: S106 (throw-away database)
    )
    submission = Submission.objects.get(cycle=cycle, region__code="64.71")
    return {"submission": submission, "operator": operator, "folder": folder}
