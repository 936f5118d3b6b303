from __future__ import annotations

from django.urls import path, re_path

from layakanak.lib.codes import CODE_URL_PATTERN
from layakanak.services import views, views_rbra

app_name = "services"

_STAFF = "kelola/layanan/"
_REGION = rf"^kelola/layanan/(?P<code>{CODE_URL_PATTERN})/"

urlpatterns = [
    # Public pages
    path("lapor/", views.report, name="report"),
    path("lapor/terkirim/", views.report_sent, name="report-sent"),
    path("lapor/status/", views.report_status, name="report-status"),
    path("layanan/", views.directory, name="directory"),
    path("layanan/<int:service_id>/janji/", views.appointment, name="appointment"),
    path("forum-anak/", views.forums, name="forums"),
    path("forum-anak/ekspor.csv", views.forums_csv, name="forums-csv"),
    path("rbra/", views.playgrounds, name="playgrounds"),
    path("rbra/ekspor.csv", views.playgrounds_csv, name="playgrounds-csv"),
    path("rbra/foto/<uuid:public_id>/", views_rbra.playground_photo, name="playground-photo"),
    path(
        "rbra/foto/<uuid:public_id>/kecil/",
        views_rbra.playground_photo,
        {"thumbnail": True},
        name="playground-photo-thumbnail",
    ),
    path("perlindungan-data/", views.data_protection, name="data-protection"),
    # Staff pages
    path(_STAFF, views.staff_home, name="staff-home"),
    re_path(_REGION + r"laporan/$", views.inbox, name="inbox"),
    re_path(_REGION + r"laporan/agregat\.csv$", views.aggregates_csv, name="aggregates-csv"),
    re_path(_REGION + r"janji/$", views.appointments, name="appointments"),
    re_path(_REGION + r"uptd-ppa/$", views.contact_edit, name="contact-edit"),
    re_path(_REGION + r"konseling/$", views.manage_services, name="manage-services"),
    re_path(_REGION + r"forum-anak/$", views.manage_forums, name="manage-forums"),
    re_path(_REGION + r"rbra/$", views.manage_playgrounds, name="manage-playgrounds"),
    path(_STAFF + "laporan/<uuid:public_id>/", views.report_detail, name="report-detail"),
    path(
        _STAFF + "laporan/<uuid:public_id>/status/",
        views.report_change_status,
        name="report-change-status",
    ),
    path(_STAFF + "janji/<uuid:public_id>/", views.appointment_detail, name="appointment-detail"),
    path(_STAFF + "konseling/<int:pk>/", views.service_edit, name="service-edit"),
    path(_STAFF + "forum-anak/<int:pk>/", views.forum_edit, name="forum-edit"),
    path(_STAFF + "forum-anak/<int:pk>/kegiatan/", views.forum_activity, name="forum-activity"),
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
