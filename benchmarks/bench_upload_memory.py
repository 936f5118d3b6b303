"""Benchmark: server memory added by a 20 MB evidence upload (issue 5: under 30 MB).

    python benchmarks/bench_upload_memory.py           # a 20 MB PDF in 1 MB chunks
    python benchmarks/bench_upload_memory.py --smoke   # 2 MB, used by the test suite

The file is sent through the real views (start, 1 MB chunks with PUT, finish) with Django's test
client against a throw-away SQLite installation. The file is written to disk first and each
chunk read from it, so the client does not hold the file. Measured: the peak of Python
allocations during the upload (tracemalloc, which also counts the client's request objects, so
it is an upper bound of what the server adds) and the growth of the process's peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import shutil
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._evaluation_env import setup

TARGET_MB = 30.0
CHUNK = 1024 * 1024


def _status(field: str) -> float:
    """A /proc/self/status figure in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak_rss() -> float:
    """Reset the kernel's peak-RSS mark (Linux clear_refs) and return the current RSS in MB."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def _peak_rss() -> float:
    return _status("VmHWM")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a 2 MB file (for the test suite)")
    args = parser.parse_args()
    size_mb = 2 if args.smoke else 20
    env = setup()
    from django.test import Client
    from django.urls import reverse

    from tests.evaluation.fixtures_evidence import make_pdf

    submission, folder = env["submission"], env["folder"]
    source = folder / "upload.pdf"
    content = make_pdf(padding=size_mb * 1024 * 1024 - 1000)
    source.write_bytes(content)
    size = len(content)
    del content
    client = Client()
    client.force_login(env["operator"])
    args_ = [submission.cycle.slug, submission.region.code]

    rss_before = _reset_peak_rss()
    tracemalloc.start()
    started = time.perf_counter()
    state = client.post(
        reverse("evaluation:evidence-start", args=args_),
        data=json.dumps(
            {"question": "1.1", "requirement": "regulasi", "name": "perda.pdf", "size": size}
        ),
        content_type="application/json",
    ).json()
    with source.open("rb") as handle:
        offset = 0
        while block := handle.read(CHUNK):
            answer = client.put(
                f"{state['chunk_url']}?offset={offset}",
                data=block,
                content_type="application/octet-stream",
            )
            assert answer.status_code == 200, answer.content
            offset += len(block)
            del block, answer
    finished = client.post(state["finish_url"])
    assert finished.status_code == 201, finished.content
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = _peak_rss()
    peak_mb = peak / (1024 * 1024)
    rss_growth = rss_after - rss_before
    print(
        f"evidence upload: {size / (1024 * 1024):.1f} MB in {-(-size // CHUNK)} chunks "
        f"of 1 MB, {elapsed:.2f} s"
    )
    print(f"peak Python allocations during the upload (tracemalloc): {peak_mb:.1f} MB")
    print(
        f"growth of RSS, peak during the upload minus before: {rss_growth:.1f} MB "
        f"(before {rss_before:.0f} MB, peak {rss_after:.0f} MB)"
    )
    verdict = "OK" if max(peak_mb, rss_growth) < TARGET_MB else "ABOVE TARGET"
    print(f"target: under {TARGET_MB:.0f} MB added: {verdict}")
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
