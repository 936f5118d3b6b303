"""The decree annex (Lampiran Keputusan Menteri) of a publication, as PDF and as XLSX.

Per predicate, highest first, a table numbered from 1 and grouped by province lists the
kab/kota; then the counts per predicate and the Provinsi Layak Anak (KLA.md section 4, stage 7:
"Penetapan: the Minister's decree lists the regions per predicate"). It reads the frozen
publication only, never the verification decisions. Like the certificates, the annex is an
official Indonesian document: it is always rendered in Bahasa Indonesia.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from layakanak.regions.models import Region
from layakanak.results.models import ProvinceAward, Publication, RegionResult


@dataclass
class AnnexRegion:
    number: int
    code: str
    name: str


@dataclass
class AnnexProvince:
    code: str
    name: str
    regions: list[AnnexRegion] = field(default_factory=list)


@dataclass
class AnnexSection:
    letter: str
    code: str
    name: str
    count: int
    provinces: list[AnnexProvince]


@dataclass
class Annex:
    publication: Publication
    sections: list[AnnexSection]
    counts: list[tuple[str, int]]  # (predicate name, kab/kota) for every awarded predicate
    awarded: int
    provila: list[tuple[str, str]]  # (code, name)

    @property
    def provila_letter(self) -> str:
        return chr(ord("A") + len(self.sections))


def build_annex(publication: Publication) -> Annex:
    """The annex content: sections per awarded predicate (highest first; a predicate nobody
    received has no section but appears with 0 in the counts)."""
    bands = publication.awarded_bands
    results = list(
        RegionResult.objects.filter(
            publication=publication, predicate__in=[b["code"] for b in bands]
        )
        .select_related("region")
        .order_by("province_code", "region__code")
    )
    province_names = dict(
        Region.objects.filter(code__in={r.province_code for r in results}).values_list(
            "code", "name"
        )
    )
    sections: list[AnnexSection] = []
    counts: list[tuple[str, int]] = []
    for band in bands:
        rows = [r for r in results if r.predicate == band["code"]]
        counts.append((str(band["name_id"]), len(rows)))
        if not rows:
            continue
        provinces: list[AnnexProvince] = []
        for number, row in enumerate(rows, start=1):
            if not provinces or provinces[-1].code != row.province_code:
                name = province_names.get(row.province_code, row.province_code)
                provinces.append(AnnexProvince(row.province_code, name))
            provinces[-1].regions.append(AnnexRegion(number, row.region.code, row.region.name))
        letter = chr(ord("A") + len(sections))
        sections.append(
            AnnexSection(letter, band["code"], str(band["name_id"]), len(rows), provinces)
        )
    provila = list(
        ProvinceAward.objects.filter(publication=publication)
        .order_by("region__code")
        .values_list("region__code", "region__name")
    )
    return Annex(publication, sections, counts, len(results), provila)


def annex_pdf(annex: Annex) -> bytes:
    from weasyprint import HTML

    with translation.override("id"):
        html = render_to_string("results/pdf/annex.html", {"annex": annex, "p": annex.publication})
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())


def _decree_line(publication: Publication) -> str:
    date = formats.date_format(publication.decree_date, "j F Y") if publication.decree_date else ""
    if publication.decree_number and date:
        return _("Number %(number)s of %(date)s") % {
            "number": publication.decree_number,
            "date": date,
        }
    if publication.decree_number:
        return _("Number %(number)s") % {"number": publication.decree_number}
    return ""


def annex_xlsx(annex: Annex) -> bytes:
    """The same content on one sheet: a title block, the table of every awarded kab/kota (header
    frozen), then the counts per predicate and the Provinsi Layak Anak."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from layakanak.lib.spreadsheet import text_cells_stay_text

    publication = annex.publication
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCE6F0")
    with translation.override("id"):
        workbook = Workbook()
        sheet: Any = workbook.active
        sheet.title = _("Annex")[:31]
        sheet.append(
            [_("Annex to the Decree of the Minister of Women's Empowerment and Child Protection")]
        )
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_decree_line(publication)])
        sheet.append(
            [
                _("Recipients of the Child-Friendly Regency/City award: %(cycle)s")
                % {"cycle": publication.name_id}
            ]
        )
        sheet.append(
            [
                _("Version %(version)s, published %(date)s")
                % {
                    "version": publication.version,
                    # The day in WIB (the ministry's), not the UTC day of the timestamp.
                    "date": formats.date_format(
                        timezone.localtime(publication.published_at), "j F Y"
                    ),
                }
            ]
        )
        sheet.append([])
        header = [_("Predicate"), _("No."), _("Province"), _("Region code"), _("Regency/city")]
        sheet.append(header)
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = bold
            cell.fill = header_fill
        for section in annex.sections:
            for province in section.provinces:
                for region in province.regions:
                    sheet.append(
                        [section.name, region.number, province.name, region.code, region.name]
                    )
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.auto_filter.ref = f"A{header_row}:E{sheet.max_row}"

        sheet.append([])
        sheet.append([_("Number of regencies/cities per predicate")])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for name, count in annex.counts:
            sheet.append([name, count])
        sheet.append([_("Total"), annex.awarded])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.cell(row=sheet.max_row, column=2).font = bold

        sheet.append([])
        sheet.append([_("Child-Friendly Provinces (Provinsi Layak Anak)")])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        for number, (code, name) in enumerate(annex.provila, start=1):
            sheet.append([_("Child-Friendly Province"), number, name, code])
        if not annex.provila:
            sheet.append([_("None")])
        for column, width in zip("ABCDE", (22, 7, 30, 14, 36), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=header_row + 1, min_col=2, max_col=2):
            row[0].alignment = Alignment(horizontal="right")
    buffer = io.BytesIO()
    text_cells_stay_text(workbook).save(buffer)
    return buffer.getvalue()
