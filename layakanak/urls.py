from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from layakanak.accounts.views_auth import admin_login
from layakanak.api.urls import api
from layakanak.core import views as core_views
from layakanak.evaluation import cockpit

handler404 = "layakanak.core.views.page_not_found"

# The technical admin logs in through /masuk/ too, so that throttling and two-factor apply.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("wilayah/", include("layakanak.regions.urls")),
    path("instrumen/", include("layakanak.instruments.urls")),
    path("evaluasi/", include("layakanak.evaluation.urls")),
    path("verifikasi-evaluasi/", include("layakanak.verification.urls")),
    path("kelola/siklus/<slug:cycle_slug>/", cockpit.cockpit, name="cockpit"),
    path(
        "kelola/siklus/<slug:cycle_slug>/status.xlsx", cockpit.cockpit_export, name="cockpit-export"
    ),
    path(
        "tentang-data/",
        TemplateView.as_view(template_name="core/about_data.html"),
        name="about-data",
    ),
    path("", include("layakanak.services.urls")),  # child services (issue 9)
    path("", include("layakanak.results.urls")),  # publication, decree, certificates (issue 7)
    path("", include("layakanak.portal.urls_results")),  # results pages, open data (issue 7)
    path("", include("layakanak.portal.urls_public")),  # home map, compare, statistics (issue 8)
    path("api/v1/", api.urls),
    path("", include("layakanak.accounts.urls")),
    path("kelola/audit/", include("layakanak.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
