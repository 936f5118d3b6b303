"""The base layout's design system: predicate chips readable (WCAG AA) and told apart without
colour vision, and a header that leads to every public part of the portal."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import layakanak

CSS = (Path(layakanak.__file__).parent / "static" / "css" / "app.css").read_text(encoding="utf-8")
INK = "#1b1f24"
AWARDED = ("pratama", "madya", "nindya", "utama", "kla")  # the five predicates, lowest first
PREDICATES = ("belum", *AWARDED)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def token(name: str) -> str:
    match = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})\s*;", CSS)
    assert match, f"--{name} is not defined in app.css"
    return match.group(1).lower()


def chip(code: str) -> tuple[str, str]:
    """(background, text colour) of the `.predicate-<code>` chip as app.css draws it."""
    match = re.search(rf"\.predicate-{code}\s*\{{([^}}]*)\}}", CSS)
    assert match, f".predicate-{code} has no rule in app.css"
    rule = match.group(1)
    background = re.search(r"background:\s*var\(--([-a-z]+)\)", rule)
    assert background, f".predicate-{code} has no background token"
    text = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|var\(--ink\))", rule)
    colour = INK if text is None or text.group(1) == "var(--ink)" else text.group(1).lower()
    if len(colour) == 4:  # #rgb
        colour = "#" + "".join(c * 2 for c in colour[1:])
    return token(background.group(1)), colour


def test_the_contrast_helper_knows_the_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast(INK, "#21918c") < 4.5  # the nindya chip before its text turned black


@pytest.mark.parametrize("code", PREDICATES)
def test_every_predicate_chip_meets_wcag_aa(code: str) -> None:
    background, text = chip(code)
    assert contrast(background, text) >= 4.5, (code, background, text)


def test_the_awarded_predicates_differ_in_lightness_so_colour_blind_people_tell_them_apart() -> (
    None
):
    """Viridis steps from light to dark: each step is told from the next by lightness alone (as in
    greyscale and every kind of colour blindness), at least 1.5:1."""
    lights = [luminance(token(f"predicate-{code}")) for code in AWARDED]
    for (lower, higher), (a, b) in zip(pairwise(AWARDED), pairwise(lights), strict=True):
        assert a > b, f"{higher} should be darker than {lower}"
        assert (a + 0.05) / (b + 0.05) >= 1.5, (lower, higher)


@pytest.mark.django_db
def test_the_header_links_every_public_part_of_the_portal(client: Client) -> None:
    page = client.get(reverse("about-data")).content.decode()
    nav = page[page.index('<nav class="main-nav"') : page.index("</nav>")]
    for name in ("home", "regions:index", "portal-statistics", "portal-compare", "services:report"):
        assert f'href="{reverse(name)}"' in nav, name
    assert ">Statistik</a>" in nav and ">Bandingkan</a>" in nav  # Indonesian by default


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("id", ("Hasil", "Data terbuka", "Periksa piagam")),
        ("en", ("Results", "Open data", "Check a certificate")),
    ],
)
def test_header_and_footer_lead_to_results_open_data_and_the_certificate_check(
    client: Client, language: str, labels: tuple[str, ...]
) -> None:
    client.cookies["layakanak_lang"] = language
    page = client.get(reverse("regions:index")).content.decode()
    nav = page[page.index('<nav class="main-nav"') : page.index("</nav>")]
    footer = page[page.index('<footer class="site-footer"') :]
    urls = (reverse("public_results:index"), reverse("public_results:data"), "/verifikasi/")
    for url, label in zip(urls, labels, strict=True):
        assert f'href="{url}">{label}</a>' in nav, (url, label)
        assert f'href="{url}"' in footer, url
    # A phone folds the header's links into a menu that needs no JavaScript.
    assert '<details class="site-menu">' in page and "<summary>Menu</summary>" in page
