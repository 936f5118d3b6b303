from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path, re_path, register_converter

from layakanak.lib.codes import CODE_URL_PATTERN
from layakanak.verification import (
    converters,
    views,
    views_field,
    views_report,
    views_revision,
    views_selection,
)

app_name = "verification"

register_converter(converters.VerificationStageConverter, "verification_stage")
register_converter(converters.ScoredStageConverter, "scored_stage")
register_converter(converters.QuestionCodeConverter, "question_code")

_REGION = rf"^(?P<cycle_slug>[-a-z0-9]+)/(?P<region_code>{CODE_URL_PATTERN})/"
_STAGE = "tahap/<verification_stage:stage>/"

region_patterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path(_STAGE, views.workbench, name="workbench"),
    path(f"{_STAGE}cek/<question_code:code>/", views.save_check, name="save-check"),
    path(f"{_STAGE}setujui/", views.approve, name="approve"),
    path(f"{_STAGE}buka-kembali/", views.reopen, name="reopen"),
    path(f"{_STAGE}kembalikan/", views_revision.send_back, name="send-back"),
    path(f"{_STAGE}kembalikan/tutup/", views_revision.withdraw, name="withdraw"),
    path("perbaikan/", views_revision.revision, name="revision"),
    path("perbaikan/kirim/", views_revision.resubmit, name="resubmit"),
    path("lapangan/", views_field.field, name="field"),
    path("lapangan/jadwal/", views_field.field_schedule, name="field-schedule"),
    path("lapangan/lokus/", views_field.field_locus, name="field-locus"),
    path("lapangan/forum-anak/", views_field.field_forum_anak, name="field-forum-anak"),
    path("penetapan/", views_field.decision, name="decision"),
    path("laporan/<scored_stage:stage>/", views_report.report_page, name="report"),
    path("laporan/<scored_stage:stage>.pdf", views_report.report_pdf, name="report-pdf"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("berkas/<uuid:evidence_id>/pratinjau/", views.evidence_preview, name="evidence-preview"),
    re_path(r"^(?P<cycle_slug>[-a-z0-9]+)/selisih/$", views_field.variance_report, name="variance"),
    re_path(
        r"^(?P<cycle_slug>[-a-z0-9]+)/seleksi-lapangan/$",
        views_selection.selection,
        name="selection",
    ),
    re_path(
        r"^(?P<cycle_slug>[-a-z0-9]+)/provinsi/(?P<province_code>[0-9]{2})/$",
        views_field.province,
        name="province",
    ),
    re_path(_REGION, include(region_patterns)),
]
