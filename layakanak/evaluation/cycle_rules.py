"""The rules a cycle's set-up must keep (checked by the cycle actions, shown by the forms):
aware moments, known stages, windows that close after they open, and stages that follow each
other in the order of the evaluation (Permen PPPA 12/2022: evaluasi mandiri, then the
verifications, then the decision and the publication)."""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from layakanak.evaluation.errors import CycleSetupRefused
from layakanak.evaluation.models import Stage

Window = tuple[datetime.datetime, datetime.datetime]

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")


def check_slug(slug: str) -> None:
    """A cycle slug goes into addresses and file names: lower-case letters, digits, hyphens."""
    if not SLUG.match(slug):
        raise CycleSetupRefused(
            _(
                "Slug %(slug)r is not valid: use lower-case letters, digits and hyphens (at most "
                "30)."
            ),
            slug=slug,
        )


def check_stage(stage: str) -> None:
    if stage not in Stage.values:
        raise CycleSetupRefused(_("Unknown stage: %(stage)r."), stage=stage)


def check_aware(*moments: datetime.datetime) -> None:
    if any(moment.tzinfo is None or moment.utcoffset() is None for moment in moments):
        raise CycleSetupRefused(_("Times must carry their time zone."))


def check_window(stage: str, opens_at: datetime.datetime, closes_at: datetime.datetime) -> None:
    """A known stage, aware moments, closing after opening."""
    check_stage(stage)
    check_aware(opens_at, closes_at)
    if closes_at <= opens_at:
        raise CycleSetupRefused(
            _("The %(stage)s window must close after it opens."), stage=Stage(stage).label
        )


def check_stage_order(windows: Mapping[str, Window]) -> None:
    """Every stage opens and closes no earlier than the stage before it (windows may overlap,
    as in the demo, but a later stage may not start or end before an earlier one)."""
    ordered = [(stage, windows[stage]) for stage in Stage.values if stage in windows]
    for (earlier, (opens_a, closes_a)), (later, (opens_b, closes_b)) in itertools.pairwise(ordered):
        if opens_b < opens_a or closes_b < closes_a:
            raise CycleSetupRefused(
                _("The %(later)s window may not open or close before the %(earlier)s window."),
                later=Stage(later).label,
                earlier=Stage(earlier).label,
            )
