"""The static export of a published cycle: a folder any web server can serve, with no broken
internal link, under any prefix (every link is relative)."""

from __future__ import annotations

import io
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command

from layakanak.evaluation.models import Cycle
from layakanak.portal.static_export import Scope, parse_html
from layakanak.results.models import Publication
from tests.portal.results_fixtures import OUTCOMES_2026
from tests.results.conftest import decide_directly

pytestmark = pytest.mark.django_db

SITE = "https://layakanak.example"
REFERENCE_ATTRIBUTES = {"href", "src", "action", "formaction", "poster"}


class References(HTMLParser):
    """Every URL a page refers to (links, scripts, styles, images, forms, data-*-url)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.attributes: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            self.attributes.append((tag, name, value))
            if value is None:
                continue
            if name in REFERENCE_ATTRIBUTES or (name.startswith("data-") and "/" in value):
                self.found.append((tag, name, value))


def crawl(folder: Path) -> tuple[int, list[str], list[str]]:
    """Parse every HTML and CSS file; returns (files checked, broken internal references,
    root-relative references that would break under a prefix)."""
    broken: list[str] = []
    absolute: list[str] = []
    checked = 0
    for page in sorted(folder.rglob("*.html")):
        checked += 1
        parser = References()
        parser.feed(page.read_text(encoding="utf-8"))
        own = page.relative_to(folder).as_posix()
        for tag, attribute, value in parser.found:
            folder_form = attribute.startswith("data-") and value.endswith("/")
            if (
                attribute.startswith("data-")
                and not folder_form
                and not re.match(r"^[./a-z0-9_-]+\.[a-z]+", value)
            ):
                continue  # a data attribute holding text, not a URL
            if value.startswith(("http://", "https://", "mailto:", "#", "data:")):
                continue
            if value.startswith("/"):
                absolute.append(f"{own}: <{tag} {attribute}={value}>")
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(own), unquote(urlsplit(value).path))
            )
            if folder_form:
                target = posixpath.join(target, "index.html")  # a base URL for scripts
            if target.startswith("..") or not (folder / target).is_file():
                broken.append(f"{own}: <{tag} {attribute}={value}> -> {target}")
    for sheet in sorted(folder.rglob("*.css")):
        checked += 1
        own = sheet.relative_to(folder).as_posix()
        for value in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8")):
            if value.startswith(("data:", "http", "#")):
                continue
            target = posixpath.normpath(
                posixpath.join(posixpath.dirname(own), urlsplit(value).path)
            )
            if not (folder / target).is_file():
                broken.append(f"{own}: url({value})")
    return checked, broken, absolute


def export(out: Path, *extra: str) -> str:
    stdout = io.StringIO()
    call_command(
        "export_static",
        "--cycle",
        "2026",
        "--out",
        str(out),
        "--site-url",
        SITE,
        *extra,
        stdout=stdout,
    )
    return stdout.getvalue()


def test_export_has_every_public_page_of_the_cycle_and_no_broken_link(
    published: Publication,
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    message = export(out)
    assert "Static export in" in message and "not exported" not in message
    for path in (
        "index.html",
        "hasil/index.html",
        "hasil/2026/index.html",
        "hasil/2023/index.html",
        "data/index.html",
        "data/2026/datapackage.json",
        "data/2026/hasil-kla-2026.csv",
        "data/2026/hasil-kla-2026.json",
        "en/hasil/2026/index.html",
        "en/index.html",
        "favicon.ico",  # every browser asks for it at the root
    ):
        assert (out / path).is_file(), path
    # Every region of the cycle and its province has its profile, in both languages.
    for code in [*OUTCOMES_2026, "31", "64", "65"]:
        assert (out / "wilayah" / code / "index.html").is_file(), code
        assert (out / "en" / "wilayah" / code / "index.html").is_file(), code
    # A region outside the cycle is not exported: links to it go to the live site.
    assert not (out / "wilayah" / "64.74").exists()
    checked, broken, absolute = crawl(out)
    assert checked > 40
    # Scripts get folder-style bases they can append codes to (the map links profiles).
    home = (out / "index.html").read_text()
    assert 'data-profile="wilayah/"' in home
    # ... and the page file to name after the code: object storage serves no index documents.
    assert 'data-index-file="index.html"' in home
    assert broken == []
    assert absolute == [], absolute
    manifest = json.loads((out / "_export.json").read_text())
    assert manifest["cycle"] == "2026" and manifest["failures"] == []
    assert manifest["content_sha256"] == published.sha256


def test_static_assets_have_hashed_names_and_css_references_follow(
    published: Publication,
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    export(out, "--languages", "id")
    assets = [p.relative_to(out).as_posix() for p in (out / "static").rglob("*") if p.is_file()]
    assert assets and all(re.search(r"\.[0-9a-f]{12}\.[a-z0-9]+$", a) for a in assets), assets
    assert any(re.fullmatch(r"static/css/app\.[0-9a-f]{12}\.css", a) for a in assets)
    assert any(re.fullmatch(r"static/js/results-table\.[0-9a-f]{12}\.js", a) for a in assets)
    page = (out / "hasil/2026/index.html").read_text()
    assert re.search(r'href="\.\./\.\./static/css/app\.[0-9a-f]{12}\.css"', page)


def test_results_page_filters_in_the_browser_and_needs_no_server(
    published: Publication,
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    export(out, "--languages", "id")
    page = (out / "hasil/2026/index.html").read_text()
    assert "data-static-filter" in page and "results-table." in page
    assert "hx-" not in page and "htmx" not in page
    # Without JavaScript the filter form still works, on the live site.
    assert f'method="get" action="{SITE}/hasil/2026/"' in page
    # Region links are relative and explicit, so any prefix and object storage work.
    assert 'href="../../wilayah/64.71/index.html">Kota Balikpapan</a>' in page
    # Sort links need the server: they lead to the live site (the script sorts in place).
    assert f'href="{SITE}/hasil/2026/?urut=name"' in page
    # Downloads are files of the export.
    assert 'href="../../data/2026/hasil-kla-2026.csv"' in page


def test_forms_that_need_the_server_degrade(published: Publication, tmp_path: Path) -> None:
    out = tmp_path / "site"
    export(out)
    page = (out / "hasil/2026/index.html").read_text()
    # The language switch becomes a link to the same page in the other language.
    switch = page.split('class="lang-switch"')[1].split("</form>")[0]
    assert 'formaction="../../en/hasil/2026/index.html"' in switch
    assert "csrfmiddlewaretoken" not in switch and 'name="language"' not in switch
    english = (out / "en/hasil/2026/index.html").read_text()
    assert '<html lang="en">' in english
    assert 'formaction="../../../hasil/2026/index.html"' in english
    # Links to what only the live site has keep the visitor's language.
    # (The login link has no return address: a person lands on their work, issue 19.)
    assert f'href="{SITE}/masuk/"' in page
    assert f'href="{SITE}/masuk/?lang=en"' in english
    # No page of the export carries a CSRF token or a POST form.
    for html in out.rglob("*.html"):
        text = html.read_text()
        assert "csrfmiddlewaretoken" not in text and 'method="post"' not in text, html


def test_an_unpublished_cycle_is_never_exported(
    published: Publication,
    cycle: Cycle,
    tmp_path: Path,
) -> None:
    from layakanak.evaluation.actions.cycles import do_create_cycle

    later = do_create_cycle(
        "2027",
        name_id="Evaluasi KLA 2027",
        name_en="KLA evaluation 2027",
        instrument=cycle.instrument,
        windows={},
        actor="test",
    )
    decide_directly(later, {"64.71": ("kla", "955.00")})
    out = tmp_path / "site"
    export(out, "--languages", "id")
    assert not (out / "hasil/2027").exists() and not (out / "data/2027").exists()
    for path in [*out.rglob("*.html"), *out.rglob("*.csv"), *(out / "data").rglob("*.json")]:
        text = path.read_text(encoding="utf-8")
        assert "955.00" not in text and "955,00" not in text, path
        assert "KLA 2027" not in text and "/2027/" not in text, path
    with pytest.raises(CommandError, match="no published results"):
        call_command("export_static", "--cycle", "2027", "--out", str(tmp_path / "x"))


def test_export_replaces_an_earlier_export_but_never_a_foreign_folder(
    published: Publication,
    tmp_path: Path,
) -> None:
    out = tmp_path / "site"
    export(out, "--languages", "id")
    (out / "stale.html").write_text("old")
    export(out, "--languages", "id")
    assert not (out / "stale.html").exists() and (out / "hasil/2026/index.html").exists()
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("mine")
    with pytest.raises(CommandError, match="not empty"):
        call_command("export_static", "--cycle", "2026", "--out", str(foreign))
    assert (foreign / "thesis.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_publish_with_static_out_publishes_and_exports(
    history_2023: Publication,
    cycle: Cycle,
    tmp_path: Path,
) -> None:
    decide_directly(cycle, OUTCOMES_2026)
    out = tmp_path / "site"
    stdout = io.StringIO()
    call_command(
        "publish",
        "--cycle",
        "2026",
        "--decree-number",
        "Kepmen PPPA No. 1 Tahun 2026",
        "--static-out",
        str(out),
        "--languages",
        "id",
        "--site-url",
        SITE,
        stdout=stdout,
    )
    assert "Published 2026 v1" in stdout.getvalue() and "Static export in" in stdout.getvalue()
    assert "Kepmen PPPA No. 1 Tahun 2026" in (out / "hasil/2026/index.html").read_text()


def test_publish_refuses_a_foreign_folder_before_publishing(
    history_2023: Publication,
    cycle: Cycle,
    tmp_path: Path,
) -> None:
    decide_directly(cycle, OUTCOMES_2026)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("publish", "--cycle", "2026", "--static-out", str(tmp_path))
    assert not Publication.objects.filter(cycle_slug="2026").exists()


def test_scope_keeps_staff_pages_and_other_regions_out() -> None:
    scope = Scope(region_codes=frozenset({"64.71", "64"}))
    assert scope.includes("/") and scope.includes("/hasil/2026/") and scope.includes("/data/")
    assert scope.includes("/wilayah/64.71/") and scope.includes("/wilayah/64/")
    assert not scope.includes("/wilayah/64.72/") and not scope.includes("/kelola/audit/")
    assert not scope.includes("/masuk/") and not scope.includes("/api/v1/docs")
    assert scope.includes("/static/css/app.css")


def test_tokenizer_keeps_the_page_byte_for_byte() -> None:
    page = (
        '<!DOCTYPE html><html><head><title>A <b></title></head><body><!-- <a href="/x"> -->'
        "<a class=x href='/hasil/?a=1&amp;b=2'>x</a><form method=post action=\"/i18n/setlang/\">"
        '<input type="hidden" name="c" value="1"><button name="language" value="en">EN</button>'
        '</form><script type="application/json">{"a": "<a href=\'/no\'>"}</script>'
        '<div data-url="/api/v1/regions/64/boundary" data-x="a > b">t</div></body></html>'
    )
    document = parse_html(page)
    rebuilt = "".join(p if isinstance(p, str) else p.raw for p in document.pieces)
    assert rebuilt == page
    assert list(document.references()) == [
        "/hasil/?a=1&b=2",
        "/i18n/setlang/",
        "/api/v1/regions/64/boundary",
    ]
    assert len(document.forms) == 1
