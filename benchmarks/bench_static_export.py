"""Benchmark: the static export of a published cycle (issue 7).

    python benchmarks/bench_static_export.py            # all 514 kab/kota, languages id and en
    python benchmarks/bench_static_export.py --smoke    # the 3-province test subset (test suite)
    python benchmarks/bench_static_export.py --keep     # keep the installation and the export

A throw-away SQLite installation with national results (benchmarks/_results_env.py: cycle 2025
published for 464 participating kab/kota after imported 2023 results) is exported with
`export_cycle`, as `layakanak export_static --cycle 2025` does: results pages, every region
profile of the cycle, the home page, the map data, the open data and the static assets, in both
languages. Building the installation is not timed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._results_env import setup


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small region subset, one run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--languages", default="id,en", help="languages to render (id,en)")
    args = parser.parse_args()
    env = setup(national=not args.smoke)
    from layakanak.portal.cycle_export import cycle_region_codes, export_cycle

    publication, folder = env["publication"], env["folder"]
    languages = [code for code in args.languages.split(",") if code]
    out = folder / "export"
    started, cpu = time.perf_counter(), time.process_time()
    report = export_cycle(
        publication, out, site_url="https://layakanak.example", languages=languages
    )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    regions = len(cycle_region_codes(publication))
    print(
        f"static export of cycle {publication.cycle_slug}: {env['regions']} kab/kota loaded, "
        f"{publication.results.count()} results, {regions} region pages per language, "
        f"languages {','.join(languages)}"
    )
    print(
        f"  {report.pages} pages, {report.files} files ({report.assets} static assets), "
        f"{report.bytes / 1_000_000:.1f} MB"
    )
    print(
        f"  time: {elapsed:.1f} s wall, {cpu:.1f} s CPU "
        f"({cpu * 1000 / max(report.pages, 1):.0f} ms CPU per page)"
    )
    if report.failures:
        print(f"  not exported: {report.failures[:10]}")
        return 1
    if args.keep:
        print(f"  kept: {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
