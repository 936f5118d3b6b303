"""Publishing a cycle: an immutable, versioned snapshot of its decided results.

A publication is immutable. Publishing again (a correction) creates the next version with a
reason and marks the previous one superseded; nothing in the earlier version changes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.evaluation.models import Cycle, StageScore, Submission
from layakanak.evaluation.stages import final_verification, scored_stages
from layakanak.instruments.queries import instrument_of
from layakanak.regions.models import Region, RegionLevel
from layakanak.results.actions._common import award_provinces, next_version, supersede, year_of
from layakanak.results.errors import PublicationRefused
from layakanak.results.models import Publication, RegionResult, Source
from layakanak.results.snapshot import (
    bands_of,
    component_and_indicator_scores,
    content_hash,
    provinces_layak_anak,
    totals_of,
)
from layakanak.verification.queries import desk_stage


def _kabkota_by_province() -> dict[str, list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    rows = Region.objects.filter(level=RegionLevel.REGENCY, retired_on__isnull=True)
    for code, parent in rows.values_list("code", "parent__code"):
        members[parent].append(code)
    return members


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
    version, previous = next_version(cycle.slug, reason)
    if previous is not None and previous.source == Source.HISTORY:
        raise PublicationRefused(
            _("This cycle already holds imported historical results."),
        )
    decisions = list(
        Decision.objects.filter(submission__cycle=cycle)
        .select_related("submission__region")
        .defer("submission__cycle__instrument__document")
        .order_by("submission__region__code")
    )
    if not decisions:
        raise PublicationRefused(
            _("There are no predicate decisions to publish yet."),
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
    desk = desk_stage()
    rows: list[dict[str, Any]] = []
    for decision in decisions:
        region = decision.submission.region
        stages = scores[decision.submission_id]
        # A region not selected for the field verification was decided from its desk score.
        final = stages.get(final_stage) or (stages.get(desk.code) if desk else None)
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
        year=year_of(cycle.slug),
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
    award_provinces(publication, provila, "")
    supersede(previous, publication)
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
