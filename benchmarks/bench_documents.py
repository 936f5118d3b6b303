"""Documents of a published cycle: the decree annex (PDF and XLSX) and a region feedback report.

    python benchmarks/bench_documents.py            # 514 kab/kota, cycle 2025 as in the demo
    python benchmarks/bench_documents.py --smoke    # the test subset, one run (test suite)

A throw-away installation (its own SQLite file; every province and kab/kota, no kecamatan or
desa; the shipped instruments) gets cycle 2025 exactly as `layakanak demo` builds it
(`demo.past_cycles.build_history_cycle`: 464 participants answering, verified in four stages,
decided and published; not timed). Then, best of a few runs each:

- the decree annex of the publication (`results/documents.py`): reading it (`build_annex`),
  the PDF (WeasyPrint) and the XLSX (openpyxl), as the staff publication page serves them;
- the feedback report of Kota Balikpapan after final verification (`verification/report.py`):
  building it (scores, checks, evidence, the plan to the next predicate) and its PDF.

The certificates of the cycle have their own benchmark (bench_certificates.py).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

REGION = "64.71"  # Kota Balikpapan
STAGE = "VF"


def setup(folder: Path, smoke: bool) -> Any:
    from _results_env import environment

    environment(folder)
    import django

    django.setup()
    from django.core.management import call_command

    from layakanak.demo.history import HISTORY
    from layakanak.demo.past_cycles import build_history_cycle
    from layakanak.results import queries

    call_command("migrate", verbosity=0)
    if smoke:
        from tests.conftest import write_region_subset

        regions = write_region_subset(folder / "regions")
    else:
        from bench_answer_save import kab_kota_only

        regions = kab_kota_only(folder / "regions")
    call_command("load_regions", "--dir", str(regions), verbosity=0, stdout=io.StringIO())
    call_command("load_instrument", "--shipped", verbosity=0, stdout=io.StringIO())
    spec = next(spec for spec in HISTORY if spec.slug == "2025")
    summary = build_history_cycle(spec, actor="benchmark")
    publication = queries.current_publication(spec.slug)
    assert publication is not None, summary
    return publication, summary


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """The first run (cold: fonts, templates and the instrument loaded on first use, as in a
    fresh worker process), the best of `repeat` runs, and the result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return times[0], min(times), result


def pdf_pages(data: bytes, folder: Path) -> str:
    """The page count from poppler's pdfinfo (installed with the test suite's system packages)."""
    path = folder / "document.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
    pages = next(
        (line.split()[-1] for line in done.stdout.splitlines() if line.startswith("Pages:")), "?"
    )
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="test subset, one run")
    parser.add_argument("--repeat", type=int, help="runs of each timing (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    repeat = args.repeat or (1 if args.smoke else 3)
    folder = Path(tempfile.mkdtemp(prefix="layakanak-documents-"))
    started = time.perf_counter()
    publication, summary = setup(folder, args.smoke)
    setup_seconds = time.perf_counter() - started

    from django.conf import settings
    from django.utils import translation

    from layakanak.evaluation.models import Submission
    from layakanak.results.documents import annex_pdf, annex_xlsx, build_annex
    from layakanak.verification import report

    rows: list[tuple[str, float, float, str]] = []
    first, seconds, annex = timed(lambda: build_annex(publication), repeat)
    rows.append(("decree annex: read the publication", first, seconds, ""))
    first, seconds, pdf = timed(lambda: annex_pdf(build_annex(publication)), repeat)
    listed = sum(section.count for section in annex.sections)
    detail = f"{pdf_pages(pdf, folder)} pages, {len(pdf) / 1024:.0f} KB, {listed} kab/kota listed"
    rows.append(("decree annex PDF (read + render)", first, seconds, detail))
    first, seconds, xlsx = timed(lambda: annex_xlsx(build_annex(publication)), repeat)
    rows.append(("decree annex XLSX (read + write)", first, seconds, f"{len(xlsx) / 1024:.0f} KB"))

    submission = (
        Submission.objects.filter(cycle__slug=publication.cycle_slug, region__code=REGION)
        .select_related("cycle__instrument", "region")
        .defer("cycle__instrument__document")
        .first()
    )
    if submission is None:  # the smoke subset always has Balikpapan; this is a safety net
        print(f"region {REGION} did not take part in cycle {publication.cycle_slug}")
        return 1

    def context(built: report.FeedbackReport) -> dict[str, object]:
        # as verification/views_report.py builds it for the page and the PDF
        return {
            "report": built,
            "submission": built.submission,
            "target": built.plan.target if built.plan else None,
            "stages": report.available_stages(built.submission),
        }

    def build() -> report.FeedbackReport:
        built = report.build_report(submission, STAGE)
        assert built is not None, f"no {STAGE} score for {REGION}"
        return built

    def feedback_pdf() -> bytes:
        built = build()
        with translation.override("id"):
            return report.render_pdf(built, context(built), str(settings.BASE_DIR))

    first, seconds, built = timed(build, repeat)
    rows.append((f"feedback report {REGION} after {STAGE}: build", first, seconds, ""))
    first, seconds, pdf = timed(feedback_pdf, repeat)
    sections = len(built.sections)
    detail = f"{pdf_pages(pdf, folder)} pages, {len(pdf) / 1024:.0f} KB, {sections} indicators"
    rows.append(
        (f"feedback report {REGION} after {STAGE}: PDF (build + render)", first, seconds, detail)
    )

    print(f"documents of cycle {publication.cycle_slug}, version {publication.version}")
    print(f"  {summary}")
    print(f"  set-up {setup_seconds:.0f} s (not timed below); {repeat} run(s) of each")
    width = max(len(name) for name, _, _, _ in rows)
    print(f"{'document':<{width}} {'first s':>8} {'best s':>7}")
    for name, first, seconds, detail in rows:
        print(f"{name:<{width}} {first:>8.2f} {seconds:>7.2f}  {detail}")
    if args.keep:
        print(f"kept: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
