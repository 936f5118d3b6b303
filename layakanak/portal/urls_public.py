"""Public portal: the national map (home), comparison and statistics (issue 8).

No namespace: "home" is the name every page's header links to."""

from django.urls import URLPattern, URLResolver, path

from layakanak.portal import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("bandingkan/", views.compare, name="portal-compare"),
    path("statistik/", views.statistics, name="portal-statistics"),
]
