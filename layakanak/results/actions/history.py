"""Importing the results of cycles run before the platform (a CSV of predicates and scores)
and the national totals of older cycles."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.lib.refusals import Text, text
from layakanak.regions.models import Region, RegionLevel
from layakanak.results.actions._common import award_provinces, next_version, supersede, year_of
from layakanak.results.errors import ImportError_, PublicationRefused
from layakanak.results.history_csv import HistoryRow
from layakanak.results.models import Publication, RegionResult, Source
from layakanak.results.snapshot import (
    PROVILA,
    content_hash,
    totals_of,
)


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
    errors: list[tuple[int, Text]] = []
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
                    text(_("Cycle '%(cycle)s' does not start with a year."), cycle=row.cycle),
                )
            )
        region = regions.get(row.code)
        if region is None:
            errors.append((row.line, text(_("Unknown region code '%(code)s'."), code=row.code)))
        elif row.predicate == PROVILA and region.level != RegionLevel.PROVINCE:
            errors.append(
                (
                    row.line,
                    text(
                        _(
                            "'%(provila)s' is for province codes only; '%(code)s' is not a "
                            "province."
                        ),
                        provila=PROVILA,
                        code=row.code,
                    ),
                )
            )
        elif row.predicate != PROVILA and region.level != RegionLevel.REGENCY:
            errors.append((row.line, text(_("'%(code)s' is not a regency/city."), code=row.code)))
        if row.predicate and row.predicate != PROVILA and row.predicate not in band_codes:
            errors.append(
                (
                    row.line,
                    text(
                        _("Unknown predicate '%(predicate)s' (choices: %(choices)s)."),
                        predicate=row.predicate,
                        choices=", ".join(sorted(band_codes | {PROVILA})),
                    ),
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
                        text(
                            _("Score '%(score)s' is not a number from 0 to 1000."), score=row.score
                        ),
                    )
                )
        key = (row.cycle, row.code)
        if key in seen:
            errors.append(
                (
                    row.line,
                    text(
                        _("Region %(code)s is already listed for cycle %(cycle)s (line %(line)s)."),
                        code=row.code,
                        cycle=row.cycle,
                        line=seen[key],
                    ),
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
                    text(
                        _("Cycle %(cycle)s was evaluated and published on this platform."),
                        cycle=slug,
                    ),
                )
            )
    if not rows:
        errors.append((0, text(_("There are no data rows."))))
    if errors:
        raise ImportError_(errors)

    publications = []
    for slug, cycle_rows in sorted(by_cycle.items()):
        version, previous = next_version(slug, reason)
        kabkota = [row for row in cycle_rows if row.predicate != PROVILA]
        provila = sorted(row.code for row in cycle_rows if row.predicate == PROVILA)
        predicates = {row.code: row.predicate for row in kabkota}
        # A publication freezes its name in both languages (a snapshot reads the same years
        # later, whatever the catalogue says then): a pair, not a catalogue message.
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
            year=year_of(slug),
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
        award_provinces(publication, provila, "")
        supersede(previous, publication)
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
    version, previous = next_version(slug, source_note)
    known = {band["code"] for band in bands} | {PROVILA}
    unknown = sorted(set(totals) - known)
    if unknown:
        raise PublicationRefused(_("Unknown predicates: %(codes)s."), codes=", ".join(unknown))
    clean = {code: int(count) for code, count in sorted(totals.items())}
    metadata = {"cycle": slug, "version": version, "aggregate": clean, "source": source_note}
    publication = Publication.objects.create(
        cycle_slug=slug,
        year=year_of(slug),
        version=version,
        source=Source.HISTORY,
        # Frozen in both languages with the snapshot (a pair, not a catalogue message).
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
    supersede(previous, publication)
    record_event(
        "results.totals_imported",
        actor=actor,
        object_type="publication",
        object_id=str(publication.pk),
        after={"cycle": slug, "version": version, "totals": clean},
    )
    return publication
