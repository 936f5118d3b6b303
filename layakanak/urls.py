from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from layakanak.accounts.views_auth import admin_login
from layakanak.api.urls import api
from layakanak.core import i18n_views
from layakanak.core import views as core_views
from layakanak.evaluation import cockpit, cycle_admin

handler404 = "layakanak.core.views.page_not_found"

# The technical admin logs in through /masuk/ too, so that throttling and two-factor apply.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("wilayah/", include("layakanak.regions.urls")),
    path("instrumen/", include("layakanak.instruments.urls")),
    path("evaluasi/", include("layakanak.evaluation.urls")),
    path("verifikasi-evaluasi/", include("layakanak.verification.urls")),
    # Setting up cycles: windows, participants, extensions (central admin; cycle_admin.py).
    path("kelola/siklus/", cycle_admin.cycle_list, name="cycle-admin-list"),
    path(
        "kelola/siklus/<slug:cycle_slug>/pengaturan/",
        cycle_admin.cycle_settings,
        name="cycle-admin-settings",
    ),
    path(
        "kelola/siklus/<slug:cycle_slug>/pengaturan/jadwal/",
        cycle_admin.cycle_windows,
        name="cycle-admin-windows",
    ),
    path(
        "kelola/siklus/<slug:cycle_slug>/pengaturan/peserta/",
        cycle_admin.cycle_participants,
        name="cycle-admin-participants",
    ),
    path(
        "kelola/siklus/<slug:cycle_slug>/peserta/<str:region_code>/hapus/",
        cycle_admin.participant_remove,
        name="cycle-admin-remove",
    ),
    path(
        "kelola/siklus/<slug:cycle_slug>/perpanjangan/<str:region_code>/",
        cycle_admin.extension,
        name="cycle-admin-extension",
    ),
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
    # Django's set_language without CSRF: see layakanak/core/i18n_views.py.
    path("i18n/setlang/", i18n_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
