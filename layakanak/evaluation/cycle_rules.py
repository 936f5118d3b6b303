"""The rules a cycle's set-up must keep (checked by the cycle actions, shown by the forms):
aware moments, known stages, windows that close after they open, and stages that follow each
other in the order of the evaluation (Permen PPPA 12/2022: evaluasi mandiri, then the
verifications, then the decision and the publication)."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Mapping

from django.utils import translation

from layakanak.evaluation.errors import CycleSetupRefused
from layakanak.evaluation.models import Stage

Window = tuple[datetime.datetime, datetime.datetime]

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")


def check_slug(slug: str) -> None:
    """A cycle slug goes into addresses and file names: lower-case letters, digits, hyphens."""
    if not SLUG.match(slug):
        raise CycleSetupRefused(
            f"Slug {slug!r} tidak sah: gunakan huruf kecil, angka dan tanda hubung "
            "(paling banyak 30).",
            f"Slug {slug!r} is not valid: use lower-case letters, digits and hyphens (at most 30).",
        )


def stage_label(stage: str, language: str) -> str:
    with translation.override(language):
        return str(Stage(stage).label)


def _labels(stage: str) -> tuple[str, str]:
    return stage_label(stage, "id"), stage_label(stage, "en")


def check_stage(stage: str) -> None:
    if stage not in Stage.values:
        raise CycleSetupRefused(f"Tahap tidak dikenal: {stage!r}.", f"Unknown stage: {stage!r}.")


def check_aware(*moments: datetime.datetime) -> None:
    if any(moment.tzinfo is None or moment.utcoffset() is None for moment in moments):
        raise CycleSetupRefused(
            "Waktu harus disertai zona waktunya.", "Times must carry their time zone."
        )


def check_window(stage: str, opens_at: datetime.datetime, closes_at: datetime.datetime) -> None:
    """A known stage, aware moments, closing after opening."""
    check_stage(stage)
    check_aware(opens_at, closes_at)
    if closes_at <= opens_at:
        label_id, label_en = _labels(stage)
        raise CycleSetupRefused(
            f"Jadwal {label_id} harus ditutup setelah dibuka.",
            f"The {label_en} window must close after it opens.",
        )


def check_stage_order(windows: Mapping[str, Window]) -> None:
    """Every stage opens and closes no earlier than the stage before it (windows may overlap,
    as in the demo, but a later stage may not start or end before an earlier one)."""
    ordered = [(stage, windows[stage]) for stage in Stage.values if stage in windows]
    for (earlier, (opens_a, closes_a)), (later, (opens_b, closes_b)) in itertools.pairwise(ordered):
        if opens_b < opens_a or closes_b < closes_a:
            earlier_id, earlier_en = _labels(earlier)
            later_id, later_en = _labels(later)
            raise CycleSetupRefused(
                f"Jadwal {later_id} tidak boleh dibuka atau ditutup sebelum jadwal {earlier_id}.",
                f"The {later_en} window may not open or close before the {earlier_en} window.",
            )
