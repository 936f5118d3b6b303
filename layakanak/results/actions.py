"""Writes of the results: publishing a cycle, importing historical results.

A publication is immutable. Publishing again (a correction) creates the next version with a
reason and marks the previous one superseded; nothing in the earlier version changes.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation.models import Cycle, StageScore, Submission
from layakanak.evaluation.stages import final_verification, scored_stages
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region, RegionLevel
from layakanak.results.errors import ImportError_, PublicationRefused
from layakanak.results.models import ProvinceAward, Publication, RegionResult, Source
from layakanak.results.snapshot import (
    PROVILA,
    bands_of,
    component_and_indicator_scores,
    content_hash,
    provinces_layak_anak,
    totals_of,
)


def _year_of(slug: str) -> int:
    match = re.match(r"(\d{4})", slug)
    if not match:
        raise PublicationRefused(
            f"Tahun siklus tidak dapat dibaca dari '{slug}'.",
            f"The cycle year cannot be read from '{slug}'.",
        )
    return int(match.group(1))


def _kabkota_by_province() -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    rows = Region.objects.filter(level=RegionLevel.REGENCY, retired_on__isnull=True)
    for code, parent in rows.values_list("code", "parent__code"):
        members[parent].append(code)
    return members


def _next_version(slug: str, reason: str) -> tuple[int, Publication | None]:
    previous = (
        Publication.objects.select_for_update()
        .filter(cycle_slug=slug, superseded_at__isnull=True)
        .first()
    )
    if previous is not None and not reason.strip():
        raise PublicationRefused(
            "Hasil siklus ini sudah diterbitkan: koreksi memerlukan alasan.",
            "This cycle's results are already published: a correction needs a reason.",
        )
    last = Publication.objects.filter(cycle_slug=slug).order_by("-version").first()
    return (last.version + 1 if last else 1), previous


def _supersede(previous: Publication | None, publication: Publication) -> None:
    if previous is None:
        return
    previous.superseded_by = publication
    previous.superseded_at = publication.published_at
    previous.save(update_fields=["superseded_by", "superseded_at"])


@transaction.atomic
def do_publish_cycle(
    cycle: Cycle,
    *,
    actor: Actor,
    decree_number: str = "",
    decree_date: datetime.date | None = None,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Publication:
    """Freeze the cycle's predicate decisions into the next version of its publication."""
    from layakanak.verification.models import Decision

    now = now or timezone.now()
    version, previous = _next_version(cycle.slug, reason)
    if previous is not None and previous.source == Source.HISTORY:
        raise PublicationRefused(
            "Siklus ini sudah berisi hasil historis yang diimpor.",
            "This cycle already holds imported historical results.",
        )
    decisions = list(
        Decision.objects.filter(submission__cycle=cycle)
        .select_related("submission__region")
        .defer("submission__cycle__instrument__document")
        .order_by("submission__region__code")
    )
    if not decisions:
        raise PublicationRefused(
            "Belum ada keputusan predikat untuk diterbitkan.",
            "There are no predicate decisions to publish yet.",
        )
    instrument = instrument_of(cycle.instrument)
    awarded = {band.code for band in instrument.bands if band.awarded}
    scores: dict[int, dict[str, StageScore]] = defaultdict(dict)
    for score in StageScore.objects.filter(submission__cycle=cycle).only(
        "submission_id", "stage", "total", "points"
    ):
        scores[score.submission_id][score.stage] = score

    # The stages whose scores a publication keeps, and the one its scores per component come from.
    scored = [row.code for row in scored_stages()]
    final_stage = final_verification().code
    rows: list[dict[str, Any]] = []
    for decision in decisions:
        region = decision.submission.region
        stages = scores[decision.submission_id]
        final = stages.get(final_stage)
        components, indicators = (
            component_and_indicator_scores(instrument, final.points) if final else ({}, {})
        )
        rows.append(
            {
                "region_id": region.pk,
                "code": region.code,
                "province_code": region.code.split(".")[0],
                "predicate": decision.decided_band if decision.decided_band in awarded else "",
                "score": format(decision.final_total, "f"),
                "stage_scores": {
                    stage: format(stages[stage].total, "f") for stage in scored if stage in stages
                },
                "component_scores": components,
                "indicator_scores": indicators,
            }
        )
    predicates = {row["code"]: row["predicate"] for row in rows}
    provila = provinces_layak_anak(predicates, _kabkota_by_province())
    participants = Submission.objects.filter(cycle=cycle).count()
    metadata = {
        "cycle": cycle.slug,
        "version": version,
        "decree_number": decree_number,
        "decree_date": decree_date.isoformat() if decree_date else "",
        "participants": participants,
        "provila": provila,
    }
    publication = Publication.objects.create(
        cycle_slug=cycle.slug,
        year=_year_of(cycle.slug),
        version=version,
        cycle=cycle,
        source=Source.PLATFORM,
        name_id=cycle.name_id,
        name_en=cycle.name_en,
        decree_number=decree_number.strip(),
        decree_date=decree_date,
        reason=reason.strip(),
        bands=bands_of(instrument),
        participants=participants,
        totals=totals_of(predicates.values(), provila),
        sha256=content_hash(
            metadata, ({k: v for k, v in r.items() if k != "region_id"} for r in rows)
        ),
        published_by=user_of(actor),
        published_at=now,
    )
    RegionResult.objects.bulk_create(
        RegionResult(
            publication=publication,
            region_id=row["region_id"],
            province_code=row["province_code"],
            predicate=row["predicate"],
            score=Decimal(row["score"]),
            stage_scores=row["stage_scores"],
            component_scores=row["component_scores"],
            indicator_scores=row["indicator_scores"],
        )
        for row in rows
    )
    _award_provinces(publication, provila, "")
    _supersede(previous, publication)
    record_event(
        "results.published",
        actor=actor,
        object_type="publication",
        object_id=str(publication.pk),
        before={"version": previous.version} if previous else None,
        after={
            "cycle": cycle.slug,
            "version": version,
            "regions": len(rows),
            "totals": publication.totals,
            "sha256": publication.sha256,
            "reason": publication.reason,
        },
    )
    return publication


def _award_provinces(publication: Publication, codes: Iterable[str], basis: str) -> None:
    regions = Region.objects.filter(code__in=list(codes), level=RegionLevel.PROVINCE)
    ProvinceAward.objects.bulk_create(
        ProvinceAward(publication=publication, region=region, basis=basis) for region in regions
    )


# Historical results ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    line: int
    cycle: str
    code: str
    predicate: str
    score: str
    source: str


HEADER = ("cycle", "region_code", "predicate", "score", "source")


def parse_history_csv(text: str) -> list[HistoryRow]:
    """Rows of a historical results CSV (header: cycle, region_code, predicate, score, source;
    score and source optional). Raises ImportError_ listing every malformed line."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise ImportError_([(1, "Berkas kosong.", "The file is empty.")]) from None
    missing = [name for name in HEADER[:3] if name not in header]
    if missing:
        raise ImportError_(
            [
                (
                    1,
                    f"Kolom wajib tidak ada: {', '.join(missing)}.",
                    f"Required columns are missing: {', '.join(missing)}.",
                )
            ]
        )
    index = {name: header.index(name) for name in HEADER if name in header}
    rows: list[HistoryRow] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str:
            position = index.get(name)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        rows.append(
            HistoryRow(
                line=number,
                cycle=cell("cycle"),
                code=cell("region_code"),
                predicate=cell("predicate").lower(),
                score=cell("score").replace(",", "."),
                source=cell("source"),
            )
        )
    return rows


@transaction.atomic
def do_import_results(
    rows: list[HistoryRow],
    *,
    bands: list[dict[str, Any]],
    actor: Actor,
    reason: str = "",
    names: Mapping[str, tuple[str, str]] | None = None,
    now: datetime.datetime | None = None,
) -> list[Publication]:
    """Import historical results: one new publication (source "history") per cycle in the file.

    Every row is checked first (unknown region code, a kab/kota expected, unknown predicate,
    a bad score, a duplicate region in a cycle, a cycle already evaluated on the platform); on any
    error nothing is written and every error is reported with its line.
    `bands` is the legend to freeze with the results (usually the current instrument's)."""
    now = now or timezone.now()
    band_codes = {band["code"] for band in bands}
    errors: list[tuple[int, str, str]] = []
    regions = {
        region.code: region
        for region in Region.objects.filter(code__in={row.code for row in rows}).select_related(
            "parent"
        )
    }
    seen: dict[tuple[str, str], int] = {}
    by_cycle: dict[str, list[HistoryRow]] = defaultdict(list)
    for row in rows:
        before = len(errors)
        if not re.match(r"^\d{4}", row.cycle):
            errors.append(
                (
                    row.line,
                    f"Siklus '{row.cycle}' tidak diawali tahun.",
                    f"Cycle '{row.cycle}' does not start with a year.",
                )
            )
        region = regions.get(row.code)
        if region is None:
            errors.append(
                (
                    row.line,
                    f"Kode wilayah '{row.code}' tidak dikenal.",
                    f"Unknown region code '{row.code}'.",
                )
            )
        elif row.predicate == PROVILA and region.level != RegionLevel.PROVINCE:
            errors.append(
                (
                    row.line,
                    f"'{PROVILA}' hanya untuk kode provinsi; '{row.code}' bukan provinsi.",
                    f"'{PROVILA}' is for province codes only; '{row.code}' is not a province.",
                )
            )
        elif row.predicate != PROVILA and region.level != RegionLevel.REGENCY:
            errors.append(
                (
                    row.line,
                    f"'{row.code}' bukan kabupaten/kota.",
                    f"'{row.code}' is not a regency/city.",
                )
            )
        if row.predicate and row.predicate != PROVILA and row.predicate not in band_codes:
            errors.append(
                (
                    row.line,
                    f"Predikat '{row.predicate}' tidak dikenal (pilihan: "
                    f"{', '.join(sorted(band_codes | {PROVILA}))}).",
                    f"Unknown predicate '{row.predicate}' (choices: "
                    f"{', '.join(sorted(band_codes | {PROVILA}))}).",
                )
            )
        if row.score:
            try:
                value = Decimal(row.score)
                if not value.is_finite() or value < 0 or value > 1000:
                    raise InvalidOperation
            except InvalidOperation:
                errors.append(
                    (
                        row.line,
                        f"Nilai '{row.score}' bukan angka 0–1000.",
                        f"Score '{row.score}' is not a number from 0 to 1000.",
                    )
                )
        key = (row.cycle, row.code)
        if key in seen:
            errors.append(
                (
                    row.line,
                    f"Wilayah {row.code} sudah ada untuk siklus {row.cycle} (baris {seen[key]}).",
                    f"Region {row.code} is already listed for cycle {row.cycle} "
                    f"(line {seen[key]}).",
                )
            )
        else:
            seen[key] = row.line
        if len(errors) == before:
            by_cycle[row.cycle].append(row)
    for slug in sorted({row.cycle for row in rows}):
        if Publication.objects.filter(cycle_slug=slug, source=Source.PLATFORM).exists():
            errors.append(
                (
                    0,
                    f"Siklus {slug} sudah dievaluasi dan diterbitkan di platform ini.",
                    f"Cycle {slug} was evaluated and published on this platform.",
                )
            )
    if not rows:
        errors.append((0, "Tidak ada baris data.", "There are no data rows."))
    if errors:
        raise ImportError_(errors)

    publications = []
    for slug, cycle_rows in sorted(by_cycle.items()):
        version, previous = _next_version(slug, reason)
        kabkota = [row for row in cycle_rows if row.predicate != PROVILA]
        provila = sorted(row.code for row in cycle_rows if row.predicate == PROVILA)
        predicates = {row.code: row.predicate for row in kabkota}
        name_id, name_en = (names or {}).get(
            slug, (f"Evaluasi KLA {slug}", f"KLA evaluation {slug}")
        )
        metadata = {"cycle": slug, "version": version, "source": "history", "provila": provila}
        content = [
            {"code": r.code, "predicate": r.predicate, "score": r.score, "source": r.source}
            for r in sorted(kabkota, key=lambda r: r.code)
        ]
        publication = Publication.objects.create(
            cycle_slug=slug,
            year=_year_of(slug),
            version=version,
            source=Source.HISTORY,
            name_id=name_id,
            name_en=name_en,
            reason=reason.strip(),
            bands=bands,
            participants=len(kabkota),
            totals=totals_of(predicates.values(), provila),
            sha256=content_hash(metadata, content),
            published_by=user_of(actor),
            published_at=now,
        )
        RegionResult.objects.bulk_create(
            RegionResult(
                publication=publication,
                region=regions[row.code],
                province_code=row.code.split(".")[0],
                predicate=row.predicate,
                score=Decimal(row.score) if row.score else None,
                source_note=row.source[:300],
            )
            for row in kabkota
        )
        _award_provinces(publication, provila, "")
        _supersede(previous, publication)
        record_event(
            "results.imported",
            actor=actor,
            object_type="publication",
            object_id=str(publication.pk),
            before={"version": previous.version} if previous else None,
            after={"cycle": slug, "version": version, "rows": len(cycle_rows)},
        )
        publications.append(publication)
    return publications


@transaction.atomic
def do_import_national_totals(
    slug: str,
    totals: Mapping[str, int],
    *,
    bands: list[dict[str, Any]],
    participants: int | None,
    source_note: str,
    actor: Actor,
    now: datetime.datetime | None = None,
) -> Publication:
    """Record a past cycle of which only the national counts per predicate are known
    (KLA.md section 3) as an aggregate-only historical publication."""
    now = now or timezone.now()
    version, previous = _next_version(slug, source_note)
    known = {band["code"] for band in bands} | {PROVILA}
    unknown = sorted(set(totals) - known)
    if unknown:
        raise PublicationRefused(
            f"Predikat tidak dikenal: {', '.join(unknown)}.",
            f"Unknown predicates: {', '.join(unknown)}.",
        )
    clean = {code: int(count) for code, count in sorted(totals.items())}
    metadata = {"cycle": slug, "version": version, "aggregate": clean, "source": source_note}
    publication = Publication.objects.create(
        cycle_slug=slug,
        year=_year_of(slug),
        version=version,
        source=Source.HISTORY,
        name_id=f"Evaluasi KLA {slug}",
        name_en=f"KLA evaluation {slug}",
        reason=source_note,
        bands=bands,
        participants=participants,
        totals=clean,
        aggregate_only=True,
        sha256=content_hash(metadata, []),
        published_by=user_of(actor),
        published_at=now,
    )
    _supersede(previous, publication)
    record_event(
        "results.totals_imported",
        actor=actor,
        object_type="publication",
        object_id=str(publication.pk),
        after={"cycle": slug, "version": version, "totals": clean},
    )
    return publication
