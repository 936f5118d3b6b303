"""Every URL pattern of the project × every role, against an explicit table of answers.

A URL pattern without an entry in EXPECTED fails `test_every_url_pattern_has_an_entry`, so the
table grows with the project. Each entry names the sample arguments to reverse the pattern with,
the HTTP method, and the status per role. Forbidden pages answer like missing ones (404);
anonymous visitors of staff pages are sent to the login page (302).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from layakanak.accounts.models import Role
from tests.accounts.conftest import ROLE_FIXTURES, log_in, make_person

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", *ROLE_FIXTURES)
MINI_INSTRUMENT = Path(__file__).parents[1] / "scoring" / "fixture-instrument.yaml"
SKIPPED_PREFIXES = ("admin/", "static/", "media/")
MISSING_CYCLE = "siklus-tidak-ada"
SOME_UUID = str(uuid.UUID(int=1))

Kwargs = dict[str, Any] | Callable[[], dict[str, Any]]


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def staff(status: int, anonymous: int = 302) -> dict[str, int]:
    """Any logged-in person gets `status`; a visitor is sent to the login page."""
    return {**everyone(status), "anonymous": anonymous}


def central_admin_only(status: int = 200, anonymous: int = 302) -> dict[str, int]:
    return {**everyone(404), "anonymous": anonymous, "central_admin": status}


def central_only(status: int = 200, anonymous: int = 302) -> dict[str, int]:
    return {**central_admin_only(status, anonymous), "central_verifier": status}


def a_fresh_operator() -> dict[str, Any]:
    """A target account of its own for each check, so that POSTs change nothing shared."""
    person = make_person(
        f"target-{uuid.uuid4().hex[:8]}@contoh.go.id", Role.OPERATOR_DAERAH, "64.72"
    )
    return {"user_id": person.pk}


def a_fresh_assignment() -> dict[str, Any]:
    kwargs = a_fresh_operator()
    from layakanak.accounts.models import RoleAssignment

    assignment = RoleAssignment.objects.get(user_id=kwargs["user_id"])
    return {**kwargs, "assignment_id": assignment.pk}


def a_published_cycle() -> dict[str, Any]:
    """Cycle 2030 on the test instrument with an (empty) published version 1 of its results."""
    from django.utils import timezone

    from layakanak.evaluation.models import Cycle
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.results.models import Publication

    cycle, _ = Cycle.objects.get_or_create(
        slug="2030",
        defaults={
            "name_id": "Evaluasi KLA 2030",
            "name_en": "KLA evaluation 2030",
            "instrument": InstrumentVersion.objects.get(slug="uji-mini"),
        },
    )
    Publication.objects.get_or_create(
        cycle_slug="2030",
        version=1,
        defaults={
            "year": 2030,
            "cycle": cycle,
            "source": "platform",
            "name_id": cycle.name_id,
            "name_en": cycle.name_en,
            "bands": [],
            "sha256": "0" * 64,
            "published_at": timezone.now(),
        },
    )
    return {"cycle_slug": "2030"}


OPEN_CYCLE = "2031"
SUBMITTED_CYCLE = "2032"


def _cycle(slug: str, windows: tuple[str, ...]) -> Any:
    """Cycle `slug` on the test instrument, Kota Balikpapan and Kota Samarinda taking part, the
    given stage windows open now (created once per test, then reused)."""
    import datetime

    from django.utils import timezone

    from layakanak.evaluation.actions.cycles import do_add_participants, do_create_cycle
    from layakanak.evaluation.models import Cycle
    from layakanak.instruments.models import InstrumentVersion
    from layakanak.regions.models import Region

    existing = Cycle.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    now = timezone.now()
    day = datetime.timedelta(days=1)
    cycle = do_create_cycle(
        slug,
        name_id=f"Evaluasi KLA {slug}",
        name_en=f"KLA evaluation {slug}",
        instrument=InstrumentVersion.objects.get(slug="uji-mini"),
        windows=dict.fromkeys(windows, (now - day, now + 30 * day)),
        actor="test",
    )
    do_add_participants(cycle, Region.objects.filter(code__in=["64.71", "64.72"]), actor="test")
    return cycle


def a_cycle_in_self_assessment() -> dict[str, Any]:
    """A real cycle whose self-assessment window is open: Balikpapan's submission is a draft."""
    _cycle(OPEN_CYCLE, ("evaluasi_mandiri",))
    return {"cycle_slug": OPEN_CYCLE, "region_code": "64.71"}


def a_cycle_in_verification() -> dict[str, Any]:
    """A real cycle in which Kota Balikpapan has submitted and every verification window is open,
    so that the roles allowed on a verification page really get it (200), not a 404 for a cycle
    that does not exist."""
    from layakanak.evaluation.models import Submission
    from layakanak.evaluation.models import SubmissionStatus as Status
    from tests.verification.conftest import VERIFICATION_WINDOWS, fill_and_submit

    cycle = _cycle(SUBMITTED_CYCLE, ("evaluasi_mandiri", *VERIFICATION_WINDOWS))
    submission = Submission.objects.get(cycle=cycle, region__code="64.71")
    if submission.status != Status.SUBMITTED:
        fill_and_submit(submission, 0.8, 1)
    return {"cycle_slug": SUBMITTED_CYCLE, "region_code": "64.71"}


@dataclass(frozen=True)
class Entry:
    statuses: dict[str, int]
    kwargs: Kwargs = field(default_factory=dict)
    method: str = "get"


EVALUATION = a_cycle_in_self_assessment
VERIFICATION = a_cycle_in_verification


def with_args(factory: Callable[[], dict[str, Any]], **extra: Any) -> Callable[[], dict[str, Any]]:
    return lambda: {**factory(), **extra}


STAGE = with_args(VERIFICATION, stage="VA")


REPORT = with_args(VERIFICATION, stage="EM")
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def an_evidence_file() -> dict[str, Any]:
    """A real stored PDF among the evidence of Balikpapan's submitted evaluation (cycle 2032)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from layakanak.evaluation.models import EvidenceFile

    a_cycle_in_verification()
    row = (
        EvidenceFile.objects.filter(submission__cycle__slug=SUBMITTED_CYCLE).order_by("pk").first()
    )
    assert row is not None, "the submitted test evaluation has no evidence"
    if not default_storage.exists(row.file.name):
        row.file.name = default_storage.save(row.file.name, ContentFile(MINIMAL_PDF))
        row.save(update_fields=["file"])
    return {"evidence_id": str(row.pk)}


def open_cycle() -> dict[str, Any]:
    return {"cycle_slug": a_cycle_in_self_assessment()["cycle_slug"]}


def verification_cycle() -> dict[str, Any]:
    return {"cycle_slug": a_cycle_in_verification()["cycle_slug"]}


def only(roles: tuple[str, ...], status: int) -> dict[str, int]:
    """`status` for the named roles; 404 for every other person; the login page for a visitor."""
    return {**staff(404), **dict.fromkeys(roles, status)}


def submission_editors(status: int) -> dict[str, int]:
    """Balikpapan's operator and its OPD contributor fill the self-assessment."""
    return only(("balikpapan_operator", "balikpapan_health_office"), status)


def balikpapan_operator_only(status: int) -> dict[str, int]:
    return only(("balikpapan_operator",), status)


def kaltim_only(status: int) -> dict[str, int]:
    return only(("kaltim_verifier",), status)


# Who may open Balikpapan's evaluation (a draft in cycle 2031, a submission in administrative
# verification in cycle 2032): its editors, KemenPPPA and the verifier of Kalimantan Timur (who
# accompanies the province's regions from the start). Not: the K/L verifier and the field team,
# whose stages (PU, VL) have not been reached yet (tests/verification/test_sight.py follows them
# through their stages), a verifier of another province, an operator of another region, the
# service officer.
SUBMISSION_VIEWERS = only(
    (
        "central_admin",
        "central_verifier",
        "kaltim_verifier",
        "balikpapan_operator",
        "balikpapan_health_office",
    ),
    200,
)
REGION_VERIFIERS = only(("central_admin", "central_verifier", "kaltim_verifier"), 302)
EVIDENCE_PREVIEWERS = ("central_admin", "central_verifier", "kaltim_verifier")
VA_READERS = only(("central_admin", "central_verifier", "kaltim_verifier"), 200)
# The field pages: the field team only from the field verification on (test_sight.py). An
# empty post is refused with the page shown again, keeping what was typed (400).
FIELD_WORKERS = only(("central_verifier",), 400)


# Child services (issue 9): the Balikpapan pages of the case inbox and of the registries.
SERVICE_REGION = {"code": "64.71"}
SERVICE_OFFICER_ONLY = {**staff(404), "balikpapan_service_officer": 200}
SERVICE_REGISTRY = {
    **SERVICE_OFFICER_ONLY,
    "balikpapan_operator": 200,
    "central_admin": 200,
}

# RBRA photos: a real Balikpapan playground; a POST without a file is a form error (400) for those
# who keep the registry.
SERVICE_REGISTRY_FORM_ERROR = {
    **staff(404),
    "balikpapan_service_officer": 400,
    "balikpapan_operator": 400,
    "central_admin": 400,
}


def a_balikpapan_playground() -> dict[str, Any]:
    from layakanak.regions.models import Region
    from layakanak.services.actions import do_save_playground

    district = Region.objects.get(code="64.71.05")
    playground = do_save_playground(
        None, district.parent, {"district": district, "name": "RBRA Uji"}, actor="test"
    )
    return {"pk": playground.pk}


EXPECTED: dict[str, Entry] = {
    # --- Public pages and the public API: the same answer for everyone -----------------------
    "home": Entry(everyone(200)),
    "healthz": Entry(everyone(200)),
    "about-data": Entry(everyone(200)),
    "favicon": Entry(everyone(200)),
    "regions:index": Entry(everyone(200)),
    "regions:detail": Entry(everyone(200), {"code": "64.71"}),
    "instruments:index": Entry(everyone(200)),
    "instruments:detail": Entry(everyone(200), {"slug": "uji-mini"}),
    "instruments:download-yaml": Entry(everyone(200), {"slug": "uji-mini"}),
    "instruments:download-xlsx": Entry(everyone(200), {"slug": "uji-mini"}),
    "api-1.0.0:openapi-json": Entry(everyone(200)),
    "api-1.0.0:openapi-view": Entry(everyone(200)),
    "api-1.0.0:api-root": Entry(everyone(404)),
    "api-1.0.0:list_regions": Entry(everyone(200)),
    "api-1.0.0:region_detail": Entry(everyone(200), {"code": "64.71"}),
    "api-1.0.0:region_boundary": Entry(everyone(200), {"code": "64.71"}),
    "api-1.0.0:list_instruments": Entry(everyone(200)),
    "api-1.0.0:instrument_detail": Entry(everyone(200), {"slug": "uji-mini"}),
    # Public portal and published results (issue 8).
    "portal-compare": Entry(everyone(200)),
    "portal-statistics": Entry(everyone(200)),
    "api-1.0.0:list_cycles": Entry(everyone(200)),
    "api-1.0.0:cycle_results": Entry(everyone(404), {"cycle": MISSING_CYCLE}),
    "api-1.0.0:region_results": Entry(everyone(200), {"code": "64.71"}),
    # Public results pages and open data (issue 7).
    "public_results:index": Entry(everyone(200)),
    "public_results:cycle": Entry(everyone(404), {"cycle": MISSING_CYCLE}),
    "public_results:version": Entry(everyone(404), {"cycle": MISSING_CYCLE, "version": 1}),
    "public_results:data": Entry(everyone(200)),
    "public_results:data-file": Entry(
        everyone(404), {"cycle": MISSING_CYCLE, "name": "datapackage.json"}
    ),
    "set_language": Entry(everyone(302), method="post"),
    # --- Login, logout and one's own account ---------------------------------------------------
    "accounts:login": Entry(everyone(200)),
    "accounts:verify": Entry(everyone(302)),
    "accounts:password-reset": Entry(everyone(200)),
    "accounts:set-password": Entry(everyone(404), {"uidb64": "MQ", "token": "bad-token"}),
    "accounts:logout": Entry(everyone(302), method="post"),
    "accounts:account": Entry(staff(200)),
    "accounts:enrol": Entry(staff(200)),
    "accounts:logout-everywhere": Entry(staff(302), method="post"),
    # --- Account management and audit: the central admin only ------------------------------------
    "accounts:manage-list": Entry(central_admin_only()),
    "accounts:manage-create": Entry(central_admin_only()),
    "accounts:manage-bulk": Entry(central_admin_only()),
    "accounts:manage-detail": Entry(central_admin_only(), a_fresh_operator),
    "accounts:manage-assign-role": Entry(central_admin_only(400), a_fresh_operator, "post"),
    "accounts:manage-revoke-role": Entry(central_admin_only(302), a_fresh_assignment, "post"),
    "accounts:manage-deactivate": Entry(central_admin_only(302), a_fresh_operator, "post"),
    "accounts:manage-send-link": Entry(central_admin_only(302), a_fresh_operator, "post"),
    "accounts:manage-reset-two-factor": Entry(central_admin_only(302), a_fresh_operator, "post"),
    "audit:list": Entry(central_admin_only()),
    "audit:csv": Entry(central_admin_only()),
    # --- Evaluation (issue 5) and verification (issue 6), on real cycles: Balikpapan's draft in
    # cycle 2031 (self-assessment open) and its submitted evaluation in cycle 2032 (every
    # verification window open), so that the roles allowed in really get the page.
    "evaluation:mine": Entry(staff(200)),
    "evaluation:workspace": Entry(SUBMISSION_VIEWERS, EVALUATION),
    "evaluation:indicator": Entry(SUBMISSION_VIEWERS, with_args(EVALUATION, number="1")),
    # An empty form post: the operator is sent back to the question; the health office too, with
    # "this question belongs to another office" (1.1 is Bagian Hukum's and DP3A's), nothing saved.
    "evaluation:save-answer": Entry(
        submission_editors(302), with_args(EVALUATION, code="1.1"), "post"
    ),
    # Only the operator submits; an incomplete self-assessment shows what is missing.
    "evaluation:submit": Entry(balikpapan_operator_only(200), EVALUATION, "post"),
    "evaluation:plan": Entry(SUBMISSION_VIEWERS, EVALUATION),
    "evaluation:evidence-start": Entry(submission_editors(400), EVALUATION, "post"),
    # Uploads that do not exist: 404 for everyone, after the submission check.
    "evaluation:evidence-chunk": Entry(
        staff(404), with_args(EVALUATION, upload_id=SOME_UUID), "post"
    ),
    "evaluation:evidence-status": Entry(staff(404), with_args(EVALUATION, upload_id=SOME_UUID)),
    "evaluation:evidence-finish": Entry(
        staff(404), with_args(EVALUATION, upload_id=SOME_UUID), "post"
    ),
    "evaluation:evidence-attach-previous": Entry(submission_editors(302), EVALUATION, "post"),
    "evaluation:evidence-remove": Entry(
        staff(404), with_args(EVALUATION, evidence_id=SOME_UUID), "post"
    ),
    "evaluation:evidence-download": Entry(SUBMISSION_VIEWERS, an_evidence_file),
    "evaluation:workbook-download": Entry(SUBMISSION_VIEWERS, EVALUATION),
    "evaluation:workbook-upload": Entry(submission_editors(200), EVALUATION, "post"),
    "evaluation:workbook-apply": Entry(submission_editors(302), EVALUATION, "post"),
    "verification:queue": Entry(
        {
            **staff(200),
            "balikpapan_operator": 404,
            "samarinda_operator": 404,
            "balikpapan_health_office": 404,
            "balikpapan_service_officer": 404,
        }
    ),
    # The inline preview is for the verifiers of the region and the central admin.
    "verification:evidence-preview": Entry(only(EVIDENCE_PREVIEWERS, 200), an_evidence_file),
    "verification:variance": Entry(central_only(), verification_cycle),
    "verification:selection": Entry(central_only(), verification_cycle),
    "verification:province": Entry(
        {**central_only(), "kaltim_verifier": 200},
        lambda: {**verification_cycle(), "province_code": "64"},
    ),
    # The overview sends each verifier of the region to the stage under way (VA).
    "verification:overview": Entry(REGION_VERIFIERS, VERIFICATION),
    # Stage VA: the verifikator provinsi works on it; KemenPPPA may look (and reopen).
    "verification:workbench": Entry(VA_READERS, STAGE),
    "verification:save-check": Entry(kaltim_only(302), with_args(STAGE, code="1.1"), "post"),
    "verification:approve": Entry(kaltim_only(302), STAGE, "post"),
    "verification:reopen": Entry(central_only(302), STAGE, "post"),
    "verification:send-back": Entry(kaltim_only(200), STAGE, "post"),  # the empty form again
    "verification:withdraw": Entry(kaltim_only(302), STAGE, "post"),
    "verification:revision": Entry(submission_editors(200), VERIFICATION),
    "verification:resubmit": Entry(balikpapan_operator_only(302), VERIFICATION, "post"),
    "verification:field": Entry(central_only(), VERIFICATION),
    "verification:field-schedule": Entry(FIELD_WORKERS, VERIFICATION, "post"),
    "verification:field-locus": Entry(FIELD_WORKERS, VERIFICATION, "post"),
    "verification:field-forum-anak": Entry(FIELD_WORKERS, VERIFICATION, "post"),
    "verification:decision": Entry(central_only(), VERIFICATION),
    # The feedback report of the self-assessment (EM), frozen at submission.
    "verification:report": Entry(SUBMISSION_VIEWERS, REPORT),
    "verification:report-pdf": Entry(SUBMISSION_VIEWERS, REPORT),
    "cockpit": Entry(central_only(), verification_cycle),
    # Setting up cycles: the central admin only. Empty posts are form errors (400): no mode for
    # the participants, the open self-assessment window left blank (a window cannot be removed).
    "cycle-admin-list": Entry(central_admin_only()),
    "cycle-admin-settings": Entry(central_admin_only(), open_cycle),
    "cycle-admin-windows": Entry(central_admin_only(400), open_cycle, "post"),
    "cycle-admin-participants": Entry(central_admin_only(400), open_cycle, "post"),
    "cycle-admin-remove": Entry(central_admin_only(), with_args(open_cycle, region_code="64.72")),
    "cycle-admin-extension": Entry(central_admin_only(), EVALUATION),
    "cockpit-export": Entry(central_only(), verification_cycle),
    # --- Results (issue 7): the publication page, decree annex and certificates for the ministry
    # (publishing and generating for the central admin only); the certificate check is public.
    "results:staff": Entry(central_only(), a_published_cycle),
    "results:publish": Entry(central_admin_only(400), a_published_cycle, "post"),
    "results:annex-pdf": Entry(central_only(), a_published_cycle),
    "results:annex-xlsx": Entry(central_only(), a_published_cycle),
    "results:batch-start": Entry(central_admin_only(302), a_published_cycle, "post"),
    "results:batch-status": Entry(staff(404), {"cycle_slug": MISSING_CYCLE, "batch_id": 999999}),
    "results:batch-zip": Entry(staff(404), {"cycle_slug": MISSING_CYCLE, "batch_id": 999999}),
    "results:certificate": Entry(staff(404), {"cycle_slug": "2030", "code": "ZZZZZZZZZZZZ"}),
    "results:certificate-pdf": Entry(staff(404), {"cycle_slug": "2030", "code": "ZZZZZZZZZZZZ"}),
    "results:certificate-reissue": Entry(
        staff(404), {"cycle_slug": "2030", "code": "ZZZZZZZZZZZZ"}, "post"
    ),
    "results:check-form": Entry(everyone(200)),
    "results:check": Entry(everyone(404), {"code": "ZZZZZZZZZZZZ"}),
    # --- Child services (issue 9): reports only for the region's petugas layanan; registries and
    # aggregate counts also for its operator and central admins. Public pages for everyone.
    "services:report": Entry(everyone(200)),
    "services:report-sent": Entry(everyone(302)),
    "services:report-status": Entry(everyone(200)),
    "services:directory": Entry(everyone(200)),
    "services:appointment": Entry(everyone(404), {"service_id": 999999}),
    "services:forums": Entry(everyone(200)),
    "services:forums-csv": Entry(everyone(200)),
    "services:playgrounds": Entry(everyone(200)),
    "services:playgrounds-csv": Entry(everyone(200)),
    "services:data-protection": Entry(everyone(200)),
    "services:staff-home": Entry(staff(200)),
    "services:inbox": Entry(SERVICE_OFFICER_ONLY, SERVICE_REGION),
    "services:appointments": Entry(SERVICE_OFFICER_ONLY, SERVICE_REGION),
    "services:aggregates-csv": Entry(SERVICE_REGISTRY, SERVICE_REGION),
    "services:contact-edit": Entry(SERVICE_REGISTRY, SERVICE_REGION),
    "services:manage-services": Entry(SERVICE_REGISTRY, SERVICE_REGION),
    "services:manage-forums": Entry(SERVICE_REGISTRY, SERVICE_REGION),
    "services:manage-playgrounds": Entry(SERVICE_REGISTRY, SERVICE_REGION),
    "services:report-detail": Entry(staff(404), {"public_id": SOME_UUID}),
    "services:report-change-status": Entry(staff(404), {"public_id": SOME_UUID}, "post"),
    "services:appointment-detail": Entry(staff(404), {"public_id": SOME_UUID}),
    "services:service-edit": Entry(staff(404), {"pk": 999999}),
    "services:forum-edit": Entry(staff(404), {"pk": 999999}),
    "services:forum-activity": Entry(staff(404), {"pk": 999999}, "post"),
    "services:playground-edit": Entry(staff(404), {"pk": 999999}),
    "services:playground-photo": Entry(everyone(404), {"public_id": SOME_UUID}),
    "services:playground-photo-thumbnail": Entry(everyone(404), {"public_id": SOME_UUID}),
    "services:playground-photo-upload": Entry(
        SERVICE_REGISTRY_FORM_ERROR, a_balikpapan_playground, "post"
    ),
    "services:playground-photo-remove": Entry(staff(404), {"public_id": SOME_UUID}),
    "api-1.0.0:region_playgrounds": Entry(everyone(200), {"code": "64.71"}),
    "api-1.0.0:regency_at_point": Entry(everyone(400), method="post"),  # no body: 400
}


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield route, name or route


def project_url_names() -> dict[str, str]:
    """{url name (or route when unnamed): route} for every pattern except the technical admin."""
    return {
        name: route
        for route, name in _walk(get_resolver().url_patterns)
        if not route.startswith(SKIPPED_PREFIXES)
    }


def test_every_url_pattern_has_an_entry():
    missing = sorted(set(project_url_names()) - set(EXPECTED))
    assert missing == [], f"add these URL patterns to EXPECTED in {__file__}: {missing}"


def test_every_entry_names_every_role():
    for name, entry in EXPECTED.items():
        assert set(entry.statuses) == set(ROLES), name


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def shipped_instrument(regions: None) -> None:
    # The small test instrument: the public instrument pages cost little to render.
    call_command("load_instrument", str(MINI_INSTRUMENT), verbosity=0)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_url(
    role: str, request: pytest.FixtureRequest, shipped_instrument: None
):
    client = Client()
    if role != "anonymous":
        log_in(client, request.getfixturevalue(role))
    known = project_url_names()
    wrong = []
    for name, entry in EXPECTED.items():
        if name not in known:
            continue  # reported by test_every_url_pattern_has_an_entry's sibling below
        kwargs = entry.kwargs() if callable(entry.kwargs) else entry.kwargs
        url = reverse(name, kwargs=kwargs)
        response = getattr(client, entry.method)(url)
        expected = entry.statuses[role]
        if response.status_code != expected:
            wrong.append(f"{entry.method.upper()} {url}: {response.status_code}, not {expected}")
        if role != "anonymous" and name in ("accounts:logout", "accounts:logout-everywhere"):
            log_in(client, request.getfixturevalue(role))  # those two end the session
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)


def test_the_table_has_no_stale_entries():
    stale = sorted(set(EXPECTED) - set(project_url_names()))
    assert stale == [], f"these entries match no URL pattern any more: {stale}"
