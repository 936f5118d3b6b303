from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from layakanak.api.urls import api
from layakanak.core import views as core_views

handler404 = "layakanak.core.views.page_not_found"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("wilayah/", include("layakanak.regions.urls")),
    path("instrumen/", include("layakanak.instruments.urls")),
    path(
        "tentang-data/",
        TemplateView.as_view(template_name="core/about_data.html"),
        name="about-data",
    ),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
