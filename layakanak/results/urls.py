"""Staff results pages (/kelola/hasil/<cycle>/...).

The public certificate check (/verifikasi/...) shares the "results" namespace but lives in the
portal (`layakanak/portal/urls_check.py`); the project's `urls.py` includes both lists."""

from django.urls import URLPattern, URLResolver, path

from layakanak.results import views

app_name = "results"

_STAFF = "kelola/hasil/<slug:cycle_slug>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(_STAFF, views.publication_page, name="staff"),
    path(f"{_STAFF}terbitkan/", views.publish, name="publish"),
    path(f"{_STAFF}lampiran.pdf", views.annex_pdf, name="annex-pdf"),
    path(f"{_STAFF}lampiran.xlsx", views.annex_xlsx, name="annex-xlsx"),
    path(f"{_STAFF}piagam/buat/", views.batch_start, name="batch-start"),
    path(f"{_STAFF}piagam/proses/<int:batch_id>/", views.batch_status, name="batch-status"),
    path(f"{_STAFF}piagam/proses/<int:batch_id>.zip", views.batch_zip, name="batch-zip"),
    path(f"{_STAFF}piagam/<str:code>.pdf", views.certificate_pdf, name="certificate-pdf"),
    path(f"{_STAFF}piagam/<str:code>/", views.certificate_page, name="certificate"),
    path(
        f"{_STAFF}piagam/<str:code>/terbitkan-ulang/",
        views.certificate_reissue,
        name="certificate-reissue",
    ),
]
