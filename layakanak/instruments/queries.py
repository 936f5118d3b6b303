"""Reads of instrument versions, and the bridge to the pure scoring engine."""

from __future__ import annotations

from functools import lru_cache

from django.db.models import Count, QuerySet

from layakanak.instruments.models import InstrumentVersion
from layakanak.instruments.schema import parse_document
from layakanak.scoring.model import Instrument


def versions() -> QuerySet[InstrumentVersion]:
    return InstrumentVersion.objects.annotate(n_questions=Count("questions")).order_by(
        "-year", "slug"
    )


def get_version(slug: str) -> InstrumentVersion | None:
    return InstrumentVersion.objects.filter(slug=slug).first()


@lru_cache(maxsize=16)
def _parse_cached(slug: str, sha256: str, version_id: int) -> Instrument:
    version = InstrumentVersion.objects.get(pk=version_id)
    return parse_document(version.document, source=f"database:{slug}")


def instrument_of(version: InstrumentVersion) -> Instrument:
    """The scoring-engine instrument of a stored version (parsed once per content hash)."""
    return _parse_cached(version.slug, version.sha256, version.pk)
