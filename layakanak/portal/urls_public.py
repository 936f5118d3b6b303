"""Public portal: the national map (home), comparison, statistics and the page on the data's
sources (issue 8).

No namespace: "home" is the name every page's header links to."""

from django.urls import URLPattern, URLResolver

from layakanak.portal import favicon, views
from layakanak.portal.public import Route, Start, public_page

urlpatterns: list[URLPattern | URLResolver] = [
    public_page(
        "",
        views.home,
        name="home",
        cache=Route(frozenset({"siklus", "provinsi"})),
        start=Start.PAGE,
    ),
    public_page("bandingkan/", views.compare, name="portal-compare", export=True),
    public_page(
        "statistik/", views.statistics, name="portal-statistics", cache=Route(), export=True
    ),
    public_page("tentang-data/", views.AboutDataView.as_view(), name="about-data", export=True),
    public_page("favicon.ico", favicon.favicon, name="favicon", start=Start.PAGE),
]
