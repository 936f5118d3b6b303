"""Issue 18, item 1: a verifier sees a region only while their work needs it (the stage table's
`sight`). A verifikator K/L sees the questions and evidence of their own indicators, only during
the central review (PU), never a draft; a field team sees its region from the field
verification on. Every refusal is the 404 of a missing page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from layakanak.accounts.models import User
from layakanak.evaluation import access
from layakanak.evaluation.models import EvidenceFile, Submission
from layakanak.verification.actions.stages import do_approve_stage
from tests.verification.conftest import logged_in
from tests.verification.helpers import ready_for_approval, through

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def stored_evidence(settings: Any, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _evidence_of_indicator(submission: Submission, number: str) -> EvidenceFile:
    """A stored evidence file of a question of indicator `number` (the file really exists)."""
    row = (
        EvidenceFile.objects.filter(
            submission=submission, requirement__question__indicator__number=number
        )
        .order_by("pk")
        .first()
    )
    assert row is not None, f"no evidence for indicator {number}"
    row.file.name = default_storage.save(row.file.name, ContentFile(PDF))
    row.save(update_fields=["file"])
    return row


def _status(client: Client, url: str) -> int:
    return client.get(url).status_code


def _pages(submission: Submission) -> dict[str, str]:
    region = [submission.cycle.slug, submission.region.code]
    return {
        "workspace": reverse("evaluation:workspace", args=region),
        "indicator 1": reverse("evaluation:indicator", args=[*region, "1"]),
        "indicator 4": reverse("evaluation:indicator", args=[*region, "4"]),
        "overview": reverse("verification:overview", args=region),
        "PU workbench": reverse("verification:workbench", args=[*region, "PU"]),
        "report": reverse("verification:report", args=[*region, "EM"]),
    }


def _files(evidence: EvidenceFile) -> dict[str, str]:
    return {
        "download": reverse("evaluation:evidence-download", args=[evidence.pk]),
        "preview": reverse("verification:evidence-preview", args=[evidence.pk]),
    }


def test_a_kl_verifier_sees_nothing_of_a_draft(
    client: Client, balikpapan: Submission, verifier_kemenkes: User
) -> None:
    logged_in(client, verifier_kemenkes)
    for name, url in _pages(balikpapan).items():
        assert _status(client, url) == 404, name
    assert balikpapan.pk not in {s.pk for s in access.submissions_for(verifier_kemenkes)}


def test_a_kl_verifier_sees_their_indicators_only_and_only_during_the_central_review(
    client: Client,
    submitted: Submission,
    verifier_pusat: User,
    verifier_kemenkes: User,
    stored_evidence: None,
) -> None:
    theirs = _files(_evidence_of_indicator(submitted, "1"))  # Kemenkes verifies indicator 1 here
    others = _files(_evidence_of_indicator(submitted, "4"))
    pages = _pages(submitted)
    logged_in(client, verifier_kemenkes)

    # Administrative verification (the province's stage): nothing yet.
    for name, url in {**pages, **theirs, **others}.items():
        assert _status(client, url) == 404, f"at VA: {name}"

    through(submitted, "VA", verifier_pusat)  # the central review (PU) is under way
    assert _status(client, theirs["download"]) == 200
    assert _status(client, theirs["preview"]) == 200
    assert _status(client, others["download"]) == 404
    assert _status(client, others["preview"]) == 404
    for name in ("workspace", "indicator 1", "indicator 4", "report"):
        assert _status(client, pages[name]) == 404, f"at PU: {name}"
    workbench = client.get(pages["PU workbench"])
    assert workbench.status_code == 200
    codes = {row.question.code for row in workbench.context["rows"]}
    assert codes and all(code.startswith("1.") for code in codes), codes
    assert 'id="c-4.1"' not in workbench.content.decode()

    ready_for_approval(submitted, "PU", verifier_pusat)
    do_approve_stage(submitted, "PU", actor=verifier_pusat)  # on to the field verification
    for name, url in {**pages, **theirs}.items():
        assert _status(client, url) == 404, f"after PU: {name}"


def test_a_field_team_sees_its_region_from_the_field_verification_on(
    client: Client,
    submitted: Submission,
    verifier_pusat: User,
    field_team_balikpapan: User,
    stored_evidence: None,
) -> None:
    evidence = _files(_evidence_of_indicator(submitted, "4"))
    region = [submitted.cycle.slug, submitted.region.code]
    field = reverse("verification:field", args=region)
    workspace = reverse("evaluation:workspace", args=region)
    logged_in(client, field_team_balikpapan)
    for url in (workspace, field, evidence["download"]):
        assert _status(client, url) == 404, url
    through(submitted, "PU", verifier_pusat)  # the field verification (VL) is under way
    for url in (workspace, field, evidence["download"], evidence["preview"]):
        assert _status(client, url) == 200, url
    through(submitted, "VL", verifier_pusat, first="VL")
    assert _status(client, workspace) == 200  # and afterwards, to follow up its visit
