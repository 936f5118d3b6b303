"""The public certificate check /verifikasi/ (no login).

Its URL names stay in the "results" namespace (`results:check`: printed as a QR code on every
piagam), which it shares with the staff results pages of `layakanak/results/urls.py`: the
project's `urls.py` includes both lists under that namespace. No `app_name` here for that
reason."""

from django.urls import URLPattern, URLResolver

from layakanak.portal import views_check
from layakanak.portal.public import public_page

urlpatterns: list[URLPattern | URLResolver] = [
    public_page("verifikasi/", views_check.check_form, name="check-form"),
    public_page("verifikasi/<str:code>/", views_check.check, name="check"),
]
