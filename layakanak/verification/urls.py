from __future__ import annotations

from django.urls import path, re_path

from layakanak.lib.codes import CODE_URL_PATTERN
from layakanak.verification import views, views_field, views_report

app_name = "verification"

_REGION = rf"(?P<cycle_slug>[-a-z0-9]+)/(?P<region_code>{CODE_URL_PATTERN})"
_STAGE = r"(?P<stage>VA|PU|VL|VF)"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("berkas/<uuid:evidence_id>/pratinjau/", views.evidence_preview, name="evidence-preview"),
    re_path(r"^(?P<cycle_slug>[-a-z0-9]+)/selisih/$", views_field.variance_report, name="variance"),
    re_path(
        r"^(?P<cycle_slug>[-a-z0-9]+)/provinsi/(?P<province_code>[0-9]{2})/$",
        views_field.province,
        name="province",
    ),
    re_path(rf"^{_REGION}/$", views.overview, name="overview"),
    re_path(rf"^{_REGION}/tahap/{_STAGE}/$", views.workbench, name="workbench"),
    re_path(
        rf"^{_REGION}/tahap/{_STAGE}/cek/(?P<code>[0-9A-Za-z._-]+)/$",
        views.save_check,
        name="save-check",
    ),
    re_path(rf"^{_REGION}/tahap/{_STAGE}/setujui/$", views.approve, name="approve"),
    re_path(rf"^{_REGION}/tahap/{_STAGE}/buka-kembali/$", views.reopen, name="reopen"),
    re_path(rf"^{_REGION}/tahap/{_STAGE}/kembalikan/$", views.send_back, name="send-back"),
    re_path(rf"^{_REGION}/tahap/{_STAGE}/kembalikan/tutup/$", views.withdraw, name="withdraw"),
    re_path(rf"^{_REGION}/perbaikan/$", views.revision, name="revision"),
    re_path(rf"^{_REGION}/perbaikan/kirim/$", views.resubmit, name="resubmit"),
    re_path(rf"^{_REGION}/lapangan/$", views_field.field, name="field"),
    re_path(rf"^{_REGION}/lapangan/jadwal/$", views_field.field_schedule, name="field-schedule"),
    re_path(rf"^{_REGION}/lapangan/lokus/$", views_field.field_locus, name="field-locus"),
    re_path(
        rf"^{_REGION}/lapangan/forum-anak/$", views_field.field_forum_anak, name="field-forum-anak"
    ),
    re_path(rf"^{_REGION}/penetapan/$", views_field.decision, name="decision"),
    re_path(
        rf"^{_REGION}/laporan/(?P<stage>EM|VA|PU|VL|VF)/$", views_report.report_page, name="report"
    ),
    re_path(
        rf"^{_REGION}/laporan/(?P<stage>EM|VA|PU|VL|VF)\.pdf$",
        views_report.report_pdf,
        name="report-pdf",
    ),
]
