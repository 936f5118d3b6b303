#!/usr/bin/env python3
"""Screenshots of the demo for the README: docs/screenshots/*.png.

    make demo            # in another terminal: the demo at http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py [--base-url URL] [--lang id|en] [--only NAME ...]

Drives the system Chromium (Playwright, /usr/bin/chromium or CHROMIUM_PATH) through the public
pages and, logged in with the demo accounts (password and shared TOTP key of
`layakanak demo_accounts`), through the work of each role. Links are followed from the pages
themselves (the first region in a queue, the first indicator of a workspace), so the script keeps
working when the demo data changes. Each PNG is 1280×800 and reduced to a 256-colour palette so
that it stays small (target: under 250 KB).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import os
import struct
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
OPERATOR = "operator.balikpapan@demo.invalid"
SERVICES = "layanan.balikpapan@demo.invalid"
WIDTH, HEIGHT = 1280, 800
MAX_BYTES = 250_000

# From layakanak/demo/accounts.py (demo only, public).
DEMO_PASSWORD = "demo-layak-anak"  # noqa: S105
DEMO_TOTP_KEY = b"layakanak-demo-totp!"


def totp(key: bytes, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 time-based one-time password (HMAC-SHA1), as django-otp's TOTPDevice."""
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


@dataclass(frozen=True)
class Shot:
    name: str
    account: str | None  # demo e-mail, or None for the public
    visit: Callable[[Page, str], None]  # opens the page to capture


def goto(path: str) -> Callable[[Page, str], None]:
    def visit(page: Page, base: str) -> None:
        page.goto(base + path, wait_until="networkidle")

    return visit


def follow(path: str, *link_selectors: str) -> Callable[[Page, str], None]:
    """Open `path`, then on each page the first link matching the next selector (a selector
    that matches nothing leaves the browser where it is)."""

    def visit(page: Page, base: str) -> None:
        page.goto(base + path, wait_until="networkidle")
        for selector in link_selectors:
            link = page.locator(selector).first
            if not link.count():
                print(f"  no link {selector!r} on {page.url}", file=sys.stderr)
                return
            href = link.get_attribute("href") or ""
            page.goto(href if href.startswith("http") else base + href, wait_until="networkidle")

    return visit


def scroll_to(path: str, selector: str, ready: str) -> Callable[[Page, str], None]:
    """Open `path`, bring `selector` to the top of the window and wait until `ready` exists."""

    def visit(page: Page, base: str) -> None:
        page.goto(base + path, wait_until="networkidle")
        target = page.locator(selector).first
        if target.count():
            target.evaluate("element => element.scrollIntoView({block: 'start'})")
            try:
                page.locator(ready).first.wait_for(timeout=30_000)
            except PlaywrightTimeout:
                print(f"  {ready!r} did not appear on {page.url}", file=sys.stderr)
            page.wait_for_timeout(1000)  # the map's last tiles of geometry

    return visit


QUEUE_REGION = "main table a[href^='/verifikasi-evaluasi/2']"


SHOTS: tuple[Shot, ...] = (
    # Public
    Shot("public-home", None, goto("/")),
    Shot("public-map", None, scroll_to("/", "#map-title", "#portal-map path.leaflet-interactive")),
    Shot("public-region", None, goto("/wilayah/64.71/")),
    Shot("public-results", None, follow("/hasil/", "main a[href^='/hasil/']")),
    Shot("public-statistics", None, goto("/statistik/")),
    Shot("public-instrument", None, goto("/instrumen/kla-2023/")),
    Shot("public-report", None, goto("/lapor/")),
    # Operator daerah: workspace, one indicator, the gap planner
    Shot("operator-workspace", OPERATOR, goto("/evaluasi/2026/64.71/")),
    Shot(
        "operator-indicator",
        OPERATOR,
        goto("/evaluasi/2026/64.71/indikator/4/"),
    ),
    Shot("operator-plan", OPERATOR, goto("/evaluasi/2026/64.71/rencana/")),
    # Verifikator provinsi: the queue and a VA workbench
    Shot("verifier-queue", "verifikator.kaltim@demo.invalid", goto("/verifikasi-evaluasi/")),
    Shot(
        "verifier-workbench",
        "verifikator.kaltim@demo.invalid",
        follow("/verifikasi-evaluasi/", QUEUE_REGION, "main a[href*='/tahap/VA/']"),
    ),
    # Verifikator K/L: the central-review workbench, limited to their indicators
    Shot(
        "kl-workbench",
        "verifikator.kemenkes@demo.invalid",
        follow("/verifikasi-evaluasi/", QUEUE_REGION, "main a[href*='/tahap/PU/']"),
    ),
    # Admin pusat: cockpit, accounts, publication
    Shot("admin-cockpit", "admin.pusat@demo.invalid", goto("/kelola/siklus/2026/")),
    Shot("admin-accounts", "admin.pusat@demo.invalid", goto("/kelola/akun/")),
    Shot("admin-publication", "admin.pusat@demo.invalid", goto("/kelola/hasil/2025/")),
    # Petugas layanan: the child-services inbox
    Shot("services-inbox", SERVICES, goto("/kelola/layanan/64.71/laporan/")),
)


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/masuk/", wait_until="networkidle")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    if "/masuk/verifikasi/" in page.url:
        # A code already used by this account is refused: wait for the next 30 s window.
        page.fill("input[name=token]", totp(DEMO_TOTP_KEY))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        if "/masuk/verifikasi/" in page.url:
            time.sleep(31 - time.time() % 30)
            page.fill("input[name=token]", totp(DEMO_TOTP_KEY))
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state("networkidle")
    if "/masuk/" in page.url:
        raise SystemExit(f"Could not log in as {email} (is the demo running?)")


def save_small(png: bytes, path: Path) -> int:
    """Save a screenshot as a 256-colour PNG (a fraction of the size, no visible loss on UI)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small.save(path, format="PNG", optimize=True)
    return path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--lang", default="id", choices=["id", "en"])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", nargs="*", help="Names of the screenshots to take")
    args = parser.parse_args(argv)
    base = args.base_url.rstrip("/")
    args.out.mkdir(parents=True, exist_ok=True)
    shots = [s for s in SHOTS if not args.only or s.name in args.only]
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    too_big = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        contexts: dict[str | None, Any] = {}
        for shot in shots:
            if shot.account not in contexts:
                context = browser.new_context(
                    viewport={"width": WIDTH, "height": HEIGHT},
                    locale="id-ID" if args.lang == "id" else "en-GB",
                )
                context.add_cookies([{"name": "layakanak_lang", "value": args.lang, "url": base}])
                page = context.new_page()
                if shot.account:
                    log_in(page, base, shot.account)
                contexts[shot.account] = (context, page)
            _context, page = contexts[shot.account]
            shot.visit(page, base)
            page.wait_for_timeout(400)  # maps and htmx fragments settle
            path = args.out / f"{shot.name}.png"
            size = save_small(page.screenshot(full_page=False), path)
            flag = "" if size <= MAX_BYTES else "  (over 250 KB)"
            if size > MAX_BYTES:
                too_big.append(shot.name)
            print(
                f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}  "
                f"{size // 1024} KB  {page.url}{flag}"
            )
        browser.close()
    return 1 if too_big else 0


if __name__ == "__main__":
    sys.exit(main())
