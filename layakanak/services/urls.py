"""Staff pages of the child services (/kelola/layanan/...).

The public pages (/lapor/, /layanan/, /forum-anak/, /rbra/, /perlindungan-data/) share the
"services" namespace but live in the portal (`layakanak/portal/urls_services.py`); the
project's `urls.py` includes both lists."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from layakanak.lib.codes import CODE_URL_PATTERN
from layakanak.services import views_rbra, views_staff

app_name = "services"

_STAFF = "kelola/layanan/"
_REGION = rf"^kelola/layanan/(?P<code>{CODE_URL_PATTERN})/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(_STAFF, views_staff.staff_home, name="staff-home"),
    re_path(_REGION + r"laporan/$", views_staff.inbox, name="inbox"),
    re_path(_REGION + r"laporan/agregat\.csv$", views_staff.aggregates_csv, name="aggregates-csv"),
    re_path(_REGION + r"janji/$", views_staff.appointments, name="appointments"),
    re_path(_REGION + r"uptd-ppa/$", views_staff.contact_edit, name="contact-edit"),
    re_path(_REGION + r"konseling/$", views_staff.manage_services, name="manage-services"),
    re_path(_REGION + r"forum-anak/$", views_staff.manage_forums, name="manage-forums"),
    re_path(_REGION + r"rbra/$", views_staff.manage_playgrounds, name="manage-playgrounds"),
    path(_STAFF + "laporan/<uuid:public_id>/", views_staff.report_detail, name="report-detail"),
    path(
        _STAFF + "laporan/<uuid:public_id>/status/",
        views_staff.report_change_status,
        name="report-change-status",
    ),
    path(
        _STAFF + "janji/<uuid:public_id>/",
        views_staff.appointment_detail,
        name="appointment-detail",
    ),
    path(_STAFF + "konseling/<int:pk>/", views_staff.service_edit, name="service-edit"),
    path(_STAFF + "forum-anak/<int:pk>/", views_staff.forum_edit, name="forum-edit"),
    path(
        _STAFF + "forum-anak/<int:pk>/kegiatan/",
        views_staff.forum_activity,
        name="forum-activity",
    ),
    path(_STAFF + "rbra/<int:pk>/", views_rbra.playground_edit, name="playground-edit"),
    path(
        _STAFF + "rbra/<int:pk>/foto/",
        views_rbra.playground_photo_upload,
        name="playground-photo-upload",
    ),
    path(
        _STAFF + "rbra/foto/<uuid:public_id>/hapus/",
        views_rbra.playground_photo_remove,
        name="playground-photo-remove",
    ),
]
