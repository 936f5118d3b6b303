"""Certificates (piagam): codes, the verification address, the QR code and the PDF.

Every awarded kab/kota and every Provinsi Layak Anak of a publication receives a piagam: an A4
landscape PDF with a QR code to `<SITE_URL>/verifikasi/<code>/`, where anyone can confirm it
(KLA.md section 8: a QR code on a government document lets anyone verify it). The writes
(issuing, reissuing, batches) are in `actions/certificates.py`; this module only reads and renders.

Certificates are official Indonesian documents: they are always rendered in Bahasa Indonesia,
whatever the language of the person who asks for them.
"""

from __future__ import annotations

import datetime
import io
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from layakanak.core.locale import pair_language
from layakanak.regions.models import Region, RegionLevel
from layakanak.results.models import Certificate, ProvinceAward, Publication, RegionResult
from layakanak.results.queries import band_label
from layakanak.results.snapshot import PROVILA

# No 0/O, 1/I/L: a code is read aloud and typed from paper. 31 symbols, 12 of them: about 59
# bits, far beyond guessing; the verification page shows nothing personal either way.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A code as typed (lower case, spaces, hyphens of the printed grouping) in canonical form."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def display_code(code: str) -> str:
    """The printed form: three groups of four (ABCD-EFGH-JKMN)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def check_url(code: str) -> str:
    """The public address that confirms a certificate (printed as the QR code)."""
    return settings.SITE_URL.rstrip("/") + reverse("results:check", args=[code])


QR_SCHEME = "qr:"


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG (error correction M survives a crease or a stamp).

    4 pixels a module: the PDF draws the image without smoothing (`image-rendering:
    pixelated`), so its edges stay sharp at any size, and a small image keeps every page fast
    to write (a batch renders some 400; 10 pixels a module cost a fifth more time per page)."""
    qr = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=4, border=0, dark="#0b1f33")
    return buffer.getvalue()


def _qr_fetcher() -> Any:
    """WeasyPrint's URL fetcher for the certificates: `qr:<address>` is drawn here (a short
    reference in the HTML instead of a long data URI, which the HTML parser reads slowly);
    nothing else is fetched, so a template can never make the renderer reach the network."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class QrFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith(QR_SCHEME):
                png = qr_png(url[len(QR_SCHEME) :])
                return URLFetcherResponse(url, png, headers={"Content-Type": "image/png"})
            raise ValueError(f"not fetched: {url[:80]}")

    return QrFetcher(fail_on_errors=True)


def live_certificates(publication: Publication) -> QuerySet[Certificate]:
    """The certificates of a publication that were not replaced."""
    return Certificate.objects.filter(publication=publication, replaced_at__isnull=True)


@dataclass(frozen=True)
class Awardee:
    region: Region
    predicate: str  # band code, or "provila"


def awardees(publication: Publication) -> list[Awardee]:
    """Who receives a piagam: every kab/kota with an awarded predicate (highest predicate first,
    then by code), then every Provinsi Layak Anak."""
    if publication.aggregate_only:
        return []
    order = {band["code"]: int(band["order"]) for band in publication.awarded_bands}
    results = (
        RegionResult.objects.filter(publication=publication, predicate__in=list(order))
        .select_related("region__parent")
        .order_by("region__code")
    )
    rows = sorted(results, key=lambda r: (-order[r.predicate], r.region.code))
    provinces = ProvinceAward.objects.filter(publication=publication).select_related("region")
    return [Awardee(r.region, r.predicate) for r in rows] + [
        Awardee(a.region, PROVILA) for a in provinces.order_by("region__code")
    ]


def predicate_label(publication: Publication, predicate: str) -> str:
    """The predicate's Indonesian name as frozen in the publication."""
    if predicate == PROVILA:
        return "Provinsi Layak Anak"
    band = publication.band(predicate)
    return str(band["name_id"]) if band else predicate


def predicate_name(publication: Publication, predicate: str) -> str:
    """The predicate's name in the active language (for pages; the PDFs are in Indonesian)."""
    if predicate == PROVILA:
        return gettext("Child-Friendly Province")
    return band_label(publication, predicate, pair_language())


@dataclass(frozen=True)
class CertificateContent:
    """Everything printed on one piagam."""

    code: str
    region_name: str
    province_name: str  # the kab/kota's province; "" for a province
    is_province: bool
    predicate: str
    predicate_label: str
    colour: str
    cycle_name: str
    decree_number: str
    decree_date: datetime.date | None
    issued_on: datetime.date
    url: str

    @property
    def printed_code(self) -> str:
        return display_code(self.code)


def content_of(certificate: Certificate) -> CertificateContent:
    publication, region = certificate.publication, certificate.region
    is_province = region.level == RegionLevel.PROVINCE
    band = publication.band(certificate.predicate) or {}
    parent = region.parent if not is_province else None
    return CertificateContent(
        code=certificate.code,
        region_name=region.name,
        province_name=parent.name if parent else "",
        is_province=is_province,
        predicate=certificate.predicate,
        predicate_label=predicate_label(publication, certificate.predicate),
        colour=str(band.get("colour", "#0b3a66")),
        cycle_name=publication.name_id,
        decree_number=publication.decree_number,
        decree_date=publication.decree_date,
        issued_on=timezone.localtime(certificate.issued_at).date(),
        url=check_url(certificate.code),
    )


_SAFE_CODE = re.compile(r"^[a-z0-9_-]+$")
_SAFE_COLOUR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


def _html(contents: Sequence[CertificateContent]) -> str:
    pages = [{"c": content, "qr": QR_SCHEME + content.url} for content in contents]
    # The ribbon under the predicate takes the band's colour from the frozen legend; codes and
    # colours are instrument data, checked before they reach the stylesheet.
    ribbons = {
        c.predicate: c.colour
        for c in contents
        if _SAFE_CODE.match(c.predicate) and _SAFE_COLOUR.match(c.colour)
    }
    with translation.override("id"):
        return render_to_string(
            "results/pdf/certificate.html", {"pages": pages, "ribbons": ribbons}
        )


def render_certificates(contents: Sequence[CertificateContent]) -> list[bytes]:
    """One PDF per certificate. The pages are laid out together in one WeasyPrint document (the
    stylesheet and fonts are prepared once), then written one file each."""
    from weasyprint import HTML

    if not contents:
        return []
    document: Any = HTML(
        string=_html(contents), base_url=str(settings.BASE_DIR), url_fetcher=_qr_fetcher()
    ).render()
    if len(document.pages) != len(contents):
        raise RuntimeError(
            f"{len(contents)} certificates gave {len(document.pages)} pages: "
            "a piagam must fit on one page"
        )
    return [bytes(document.copy([page]).write_pdf()) for page in document.pages]


def render_certificate(content: CertificateContent) -> bytes:
    return render_certificates([content])[0]
