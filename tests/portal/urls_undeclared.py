"""A URL configuration with two mistakes, for tests/portal/test_public_pages.py: a staff view
under the exported /hasil/ space, and a portal view that nobody declared public."""

from django.urls import URLPattern, URLResolver, path

from layakanak.portal import views
from layakanak.results import views as results_views
from layakanak.urls import urlpatterns as site

urlpatterns: list[URLPattern | URLResolver] = [
    *site,
    path("hasil/<slug:cycle_slug>/rahasia/", results_views.publication_page, name="secret"),
    path("statistik-lama/", views.statistics, name="old-statistics"),
]
