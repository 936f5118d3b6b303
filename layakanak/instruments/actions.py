"""Loading instrument versions. One transaction, one audit event."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from layakanak.audit.actions import Actor, record_event, user_of
from layakanak.instruments import models as m
from layakanak.instruments.schema import dump_document
from layakanak.lib.refusals import Refused
from layakanak.scoring.model import Instrument

LoadOutcome = Literal["created", "updated", "unchanged"]


class InstrumentLoadRefused(Refused):
    """The instrument cannot be loaded in its current state (a message from the catalogue)."""


@dataclass(frozen=True)
class LoadResult:
    version: m.InstrumentVersion
    outcome: LoadOutcome


def document_sha256(document: dict[str, object]) -> str:
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@transaction.atomic
def do_load_instrument(
    instrument: Instrument, *, actor: Actor, replace: bool = False
) -> LoadResult:
    """Store a validated instrument version (idempotent).

    A version that is already loaded with other content is replaced only while it is a draft, or
    with `replace=True` (an explicit, audited decision): active and retired versions are what
    stored scores were computed with.
    """
    document = dump_document(instrument)
    sha256 = document_sha256(document)
    version = m.InstrumentVersion.objects.select_for_update().filter(slug=instrument.slug).first()
    if version is not None and version.sha256 == sha256:
        return LoadResult(version, "unchanged")
    if version is not None and version.status != m.InstrumentStatus.DRAFT and not replace:
        raise InstrumentLoadRefused(
            _(
                "Instrument %(slug)s is %(status)s and already loaded with different content; "
                "give the new version a new slug, or use --replace if it must be replaced."
            ),
            slug=instrument.slug,
            status=version.status,
        )
    before = {"sha256": version.sha256, "status": version.status} if version else None
    fields = {
        "name_id": instrument.name.id,
        "name_en": instrument.name.en,
        "year": instrument.year,
        "legal_basis": instrument.legal_basis,
        "status": instrument.status.value,
        "reconstruction": instrument.reconstruction,
        "total_points": instrument.total_points,
        "precision": instrument.precision,
        "band_rule": instrument.band_rule.value,
        "document": document,
        "sha256": sha256,
        "loaded_by": user_of(actor),
    }
    if version is None:
        version = m.InstrumentVersion.objects.create(slug=instrument.slug, **fields)
        outcome: LoadOutcome = "created"
    else:
        for key, value in fields.items():
            setattr(version, key, value)
        version.save()
        try:
            version.components.all().delete()
        except ProtectedError:
            raise InstrumentLoadRefused(
                _(
                    "Instrument %(slug)s already has regional answers and cannot be replaced; "
                    "load the new version under a new slug."
                ),
                slug=instrument.slug,
            ) from None
        version.bands.all().delete()
        outcome = "updated"
    _write_tree(version, instrument)
    record_event(
        f"instrument.{outcome}",
        actor=actor,
        object_type="instrument_version",
        object_id=instrument.slug,
        before=before,
        after={
            "sha256": sha256,
            "status": instrument.status.value,
            "questions": len(instrument.questions),
        },
    )
    return LoadResult(version, outcome)


def _write_tree(version: m.InstrumentVersion, instrument: Instrument) -> None:
    m.PredicateBand.objects.bulk_create(
        m.PredicateBand(
            version=version,
            code=band.code,
            order=order,
            name_id=band.name.id,
            name_en=band.name.en,
            min_points=band.min,
            max_points=band.max,
            awarded=band.awarded,
            colour=band.colour,
        )
        for order, band in enumerate(instrument.bands)
    )
    indicator_order = question_order = 0
    for component_order, component in enumerate(instrument.components):
        component_row = m.Component.objects.create(
            version=version,
            code=component.code,
            order=component_order,
            name_id=component.name.id,
            name_en=component.name.en,
            max_points=component.max_points,
        )
        for indicator in component.indicators:
            indicator_row = m.Indicator.objects.create(
                version=version,
                component=component_row,
                number=indicator.number,
                order=indicator_order,
                name_id=indicator.name.id,
                name_en=indicator.name.en,
                opd=list(indicator.opd),
                max_points=indicator.maximum,
            )
            indicator_order += 1
            questions = []
            for question in indicator.questions:
                questions.append(
                    m.Question(
                        version=version,
                        indicator=indicator_row,
                        code=question.code,
                        order=question_order,
                        type=question.type.value,
                        text_id=question.text.id,
                        text_en=question.text.en,
                        required=question.required,
                        max_points=question.maximum,
                        opd=list(question.opd or indicator.opd),
                    )
                )
                question_order += 1
            created = m.Question.objects.bulk_create(questions)
            m.EvidenceRequirement.objects.bulk_create(
                m.EvidenceRequirement(
                    question=row,
                    code=evidence.code,
                    order=order,
                    label_id=evidence.label.id,
                    label_en=evidence.label.en,
                    required=evidence.required,
                    file_types=list(evidence.file_types),
                )
                for row, question in zip(created, indicator.questions, strict=True)
                for order, evidence in enumerate(question.evidence)
            )
