"""Public pages of the child services: complaint form and status, counselling directory,
Forum Anak, RBRA, data protection (no login).

Their URL names stay in the "services" namespace (`services:report` …), which they share with
the staff pages of `layakanak/services/urls.py`: the project's `urls.py` includes both lists
under that namespace. No `app_name` here for that reason."""

from django.urls import URLPattern, URLResolver

from layakanak.portal import views_services
from layakanak.portal.public import public_page

urlpatterns: list[URLPattern | URLResolver] = [
    public_page("lapor/", views_services.report, name="report"),
    public_page("lapor/terkirim/", views_services.report_sent, name="report-sent"),
    public_page("lapor/status/", views_services.report_status, name="report-status"),
    public_page("layanan/", views_services.directory, name="directory"),
    public_page("layanan/<int:service_id>/janji/", views_services.appointment, name="appointment"),
    public_page("forum-anak/", views_services.forums, name="forums"),
    public_page("forum-anak/ekspor.csv", views_services.forums_csv, name="forums-csv"),
    public_page("rbra/", views_services.playgrounds, name="playgrounds"),
    public_page("rbra/ekspor.csv", views_services.playgrounds_csv, name="playgrounds-csv"),
    public_page(
        "rbra/foto/<uuid:public_id>/", views_services.playground_photo, name="playground-photo"
    ),
    public_page(
        "rbra/foto/<uuid:public_id>/kecil/",
        views_services.playground_photo,
        kwargs={"thumbnail": True},
        name="playground-photo-thumbnail",
    ),
    public_page("perlindungan-data/", views_services.data_protection, name="data-protection"),
]
