from types import ModuleType
from typing import Any

from django.contrib import admin
from django.urls import include, path

from layakanak.accounts.views_auth import admin_login
from layakanak.api.urls import api
from layakanak.core import i18n_views
from layakanak.core import views as core_views
from layakanak.portal import urls_check, urls_services
from layakanak.results import urls as results_urls
from layakanak.services import urls as services_urls

handler400 = "layakanak.core.views.bad_request"
handler404 = "layakanak.core.views.page_not_found"


def _namespace(name: str, *modules: ModuleType) -> tuple[Any, str | None, str | None]:
    """One URL namespace made of the patterns of several URL modules, in this order."""
    return include(([p for module in modules for p in module.urlpatterns], name))


# The technical admin logs in through /masuk/ too, so that throttling and two-factor apply.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("instrumen/", include("layakanak.instruments.urls")),
    path("evaluasi/", include("layakanak.evaluation.urls")),
    path("verifikasi-evaluasi/", include("layakanak.verification.urls")),
    # Setting up cycles and the ministry cockpit (central admin; evaluation/urls_cycle_admin.py).
    path("kelola/siklus/", include("layakanak.evaluation.urls_cycle_admin")),
    # Child services (issue 9) and results (issue 7): the staff pages stay in their app, the
    # public ones are the portal's, and both keep the app's URL namespace ("services:report",
    # "results:check").
    path("", _namespace(services_urls.app_name, urls_services, services_urls)),
    path("", _namespace(results_urls.app_name, results_urls, urls_check)),
    # Public pages (declared with layakanak/portal/public.py): home map, compare, statistics
    # (issue 8), results pages and open data (issue 7), region profiles.
    path("", include("layakanak.portal.urls_public")),
    path("", include("layakanak.portal.urls_results")),
    path("wilayah/", include("layakanak.portal.urls_regions")),
    path("api/v1/", api.urls),
    path("", include("layakanak.accounts.urls")),
    path("kelola/audit/", include("layakanak.accounts.urls_audit")),
    # Django's set_language without CSRF: see layakanak/core/i18n_views.py.
    path("i18n/setlang/", i18n_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
