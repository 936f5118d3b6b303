"""What the publication and the historical import share: the cycle year, the next version,
superseding the previous publication, the Provinsi Layak Anak awards."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from layakanak.regions.models import Region, RegionLevel
from layakanak.results.errors import PublicationRefused
from layakanak.results.models import ProvinceAward, Publication


def year_of(slug: str) -> int:
    match = re.match(r"(\d{4})", slug)
    if not match:
        raise PublicationRefused(
            _("The cycle year cannot be read from '%(slug)s'."),
            slug=slug,
        )
    return int(match.group(1))


def next_version(slug: str, reason: str) -> tuple[int, Publication | None]:
    previous = (
        Publication.objects.select_for_update()
        .filter(cycle_slug=slug, superseded_at__isnull=True)
        .first()
    )
    if previous is not None and not reason.strip():
        raise PublicationRefused(
            _("This cycle's results are already published: a correction needs a reason."),
        )
    last = Publication.objects.filter(cycle_slug=slug).order_by("-version").first()
    return (last.version + 1 if last else 1), previous


def supersede(previous: Publication | None, publication: Publication) -> None:
    if previous is None:
        return
    previous.superseded_by = publication
    previous.superseded_at = publication.published_at
    previous.save(update_fields=["superseded_by", "superseded_at"])


def award_provinces(publication: Publication, codes: Iterable[str], basis: str) -> None:
    regions = Region.objects.filter(code__in=list(codes), level=RegionLevel.PROVINCE)
    ProvinceAward.objects.bulk_create(
        ProvinceAward(publication=publication, region=region, basis=basis) for region in regions
    )
