"""The page cache of the public pages (issue 11): layakanak/portal/page_cache.py.

The test settings turn the cache off (every other test sees each change at once); the `pages`
fixture turns it on with a fresh in-memory cache."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client, override_settings

from layakanak.evaluation.models import Cycle
from layakanak.portal import page_cache
from layakanak.results.actions.publication import do_publish_cycle
from layakanak.results.models import Publication
from layakanak.verification.models import Decision
from tests.evaluation.conftest import make_user

pytestmark = pytest.mark.django_db

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "test-pages",
    },
}
PAGES = ["/", "/hasil/", "/hasil/2026/", "/hasil/2026/v1/", "/wilayah/64.71/", "/wilayah/64/"]


@pytest.fixture
def pages() -> Iterator[None]:
    with override_settings(PAGE_CACHE_ENABLED=True, CACHES=CACHES):
        page_cache.clear()
        yield
        page_cache.clear()


def state(response: Any) -> str | None:
    return response.headers.get(page_cache.HIT_HEADER)


@pytest.mark.parametrize("path", PAGES)
def test_the_second_anonymous_visit_is_a_hit_without_any_query(
    client: Client,
    published: Publication,
    pages: None,
    path: str,
    django_assert_num_queries: Callable[..., Any],
) -> None:
    first = client.get(path)
    assert first.status_code == 200 and state(first) == "miss", path
    assert not first.cookies, "a cached page must not set cookies"
    with django_assert_num_queries(0):
        second = client.get(path)
    assert second.status_code == 200 and state(second) == "hit"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


def test_a_hit_keeps_the_security_headers_and_can_be_cached_in_front(
    client: Client, published: Publication, pages: None
) -> None:
    miss = client.get("/hasil/2026/")
    hit = client.get("/hasil/2026/")
    assert state(hit) == "hit"
    for response in (miss, hit):
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "nonce" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Content-Language"] == "id"
        assert response["Content-Type"] == "text/html; charset=utf-8"
        assert response["Cache-Control"] == "public, max-age=60"
        assert {v.strip() for v in response["Vary"].split(",")} >= {"Cookie", "HX-Request"}
        assert response["ETag"].startswith('"')
    # Every response has its own request id, hit or not.
    assert hit["X-Request-ID"] != miss["X-Request-ID"]
    # A client (or nginx, a CDN) that holds the page revalidates it for nothing.
    again = client.get("/hasil/2026/", headers={"If-None-Match": hit["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == hit["ETag"] and again["Cache-Control"] == "public, max-age=60"
    stale = client.get("/hasil/2026/", headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.content == hit.content


def test_a_correction_is_served_as_soon_as_it_is_committed(
    client: Client,
    published: Publication,
    cycle: Cycle,
    pages: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    english = {"lang": "en"}
    page = client.get("/hasil/2026/", english).content.decode()
    profile = client.get("/wilayah/64.71/", english).content.decode()
    assert "Utama" in profile and state(client.get("/hasil/2026/", english)) == "hit"
    assert "superseded" not in page

    Decision.objects.filter(submission__region__code="64.71").update(decided_band="madya")
    with django_capture_on_commit_callbacks(execute=True):
        do_publish_cycle(
            cycle,
            actor="test",
            decree_number="Kepmen PPPA No. 121 Tahun 2026",
            decree_date=datetime.date(2026, 8, 1),
            reason="Salah ketik predikat Balikpapan",
        )

    corrected = client.get("/hasil/2026/", english)
    assert state(corrected) == "miss"
    html = corrected.content.decode()
    assert "Kepmen PPPA No. 121 Tahun 2026" in html
    assert 'data-code="64.71"' in html and html != page
    profile_after = client.get("/wilayah/64.71/", english)
    assert state(profile_after) == "miss" and profile_after.content.decode() != profile
    # The old version stays at its own address and says it was superseded.
    old = client.get("/hasil/2026/v1/", english).content.decode()
    assert "This version has been superseded." in old
    assert state(client.get("/hasil/2026/", english)) == "hit"


def test_a_new_publication_is_served_as_soon_as_it_is_committed(
    client: Client,
    history_2023: Publication,
    cycle: Cycle,
    pages: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    from tests.portal.results_fixtures import publish_2026

    assert client.get("/hasil/2026/").status_code == 404
    before = client.get("/hasil/")
    assert state(client.get("/hasil/")) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        publish_2026(cycle)
    after = client.get("/hasil/")
    assert state(after) == "miss" and after.content != before.content
    assert "/hasil/2026/" in after.content.decode()
    assert client.get("/hasil/2026/").status_code == 200


def test_the_stamp_is_read_again_from_the_database_after_its_lifetime(
    client: Client, published: Publication, pages: None
) -> None:
    """A change that sends no signal (a bulk update) is noticed when the stamp is re-read."""
    client.get("/hasil/")
    assert state(client.get("/hasil/")) == "hit"
    Publication.objects.filter(pk=published.pk).update(sha256="0" * 64)
    assert state(client.get("/hasil/")) == "hit"  # within PAGE_CACHE_CHECK_SECONDS
    page_cache._cache().delete(page_cache.STAMP_KEY)  # the stamp's lifetime is over
    assert state(client.get("/hasil/")) == "miss"


def test_both_languages_are_kept_apart(client: Client, published: Publication, pages: None) -> None:
    indonesian = client.get("/hasil/2026/")
    client.cookies["layakanak_lang"] = "en"
    english = client.get("/hasil/2026/")
    assert state(english) == "miss" and english["Content-Language"] == "en"
    assert "<h1>KLA evaluation 2026</h1>" in english.content.decode()
    assert "<h1>Evaluasi KLA 2026</h1>" in indonesian.content.decode()
    assert state(client.get("/hasil/2026/")) == "hit"
    del client.cookies["layakanak_lang"]
    again = client.get("/hasil/2026/")
    assert state(again) == "hit" and again.content == indonesian.content
    # ?lang=en gives the English page, kept under its own address.
    by_link = client.get("/hasil/2026/?lang=en")
    assert "<h1>KLA evaluation 2026</h1>" in by_link.content.decode()


def test_filters_are_part_of_the_key_and_other_parameters_are_dropped(
    client: Client, published: Publication, pages: None
) -> None:
    everything = client.get("/hasil/2026/").content
    kaltara = client.get("/hasil/2026/?provinsi=65&urut=name")
    assert state(kaltara) == "miss" and kaltara.content != everything
    # The same filters in another order: the same page.
    assert state(client.get("/hasil/2026/?urut=name&provinsi=65")) == "hit"
    # Parameters the page does not read (a social network's click id) do not split the cache
    # and never reach the stored page.
    shared = client.get("/hasil/2026/?fbclid=abc123")
    assert state(shared) == "hit" and shared.content == everything
    fresh = client.get("/wilayah/64.71/?fbclid=xyz789&utm_source=news")
    assert b"xyz789" not in fresh.content and b"utm_source" not in fresh.content
    # htmx asks for the list only: kept apart from the whole page.
    fragment = client.get("/hasil/2026/?provinsi=65", headers={"HX-Request": "true"})
    assert state(fragment) == "miss" and b"<html" not in fragment.content
    whole = client.get("/hasil/2026/?provinsi=65")
    assert state(whole) == "miss" and b"<html" in whole.content


def test_never_cached_for_a_logged_in_user(
    client: Client, published: Publication, pages: None
) -> None:
    anonymous = client.get("/hasil/2026/")
    user = make_user("siti@example.org", "Siti Rahmawati")
    client.force_login(user)
    for _ in range(2):
        response = client.get("/hasil/2026/")
        assert response.status_code == 200 and state(response) is None
        html = response.content.decode()
        assert "Siti Rahmawati" in html and "csrfmiddlewaretoken" in html  # the logout form
        assert "private" in response["Cache-Control"]
    client.logout()
    after = Client().get("/hasil/2026/")
    assert state(after) == "hit" and b"Siti Rahmawati" not in after.content
    assert after.content == anonymous.content


def test_a_visitor_with_messages_or_from_the_static_exporter_is_not_served_from_the_cache(
    client: Client, published: Publication, pages: None
) -> None:
    client.get("/hasil/2026/")
    client.cookies["messages"] = "anything"
    assert state(client.get("/hasil/2026/")) is None
    del client.cookies["messages"]
    exported = client.get("/hasil/2026/", headers={"X-Layakanak-Static-Export": "1"})
    assert state(exported) is None


def test_pages_outside_the_list_are_not_cached(
    client: Client, published: Publication, pages: None
) -> None:
    for path in ("/wilayah/", "/data/", "/masuk/"):
        client.get(path)
        assert state(client.get(path)) is None, path


def test_the_cache_is_off_in_the_test_settings(client: Client, published: Publication) -> None:
    assert state(client.get("/hasil/2026/")) is None
    assert state(client.get("/hasil/2026/")) is None


def test_the_language_switch_needs_no_csrf_token(published: Publication) -> None:
    """The header's language form carries no token, so public pages are the same for everyone."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/hasil/2026/").content.decode()
    switch = page.split('class="lang-switch"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in switch
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/hasil/2026/"})
    assert response.status_code == 302 and response["Location"] == "/hasil/2026/"
    assert client.cookies["layakanak_lang"].value == "en"
    assert "<h1>KLA evaluation 2026</h1>" in client.get("/hasil/2026/").content.decode()


def test_compressed_and_plain_pages_are_kept_apart(
    client: Client, published: Publication, pages: None
) -> None:
    import gzip

    plain = client.get("/hasil/2026/")
    compressed = client.get("/hasil/2026/", headers={"Accept-Encoding": "gzip, br"})
    assert state(compressed) == "miss" and compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    hit = client.get("/hasil/2026/", headers={"Accept-Encoding": "gzip"})
    assert state(hit) == "hit" and hit["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in hit["Vary"] and hit["ETag"] != plain["ETag"]
    again = client.get("/hasil/2026/")
    assert state(again) == "hit" and "Content-Encoding" not in again


def test_an_edit_of_what_the_pages_show_renders_them_afresh(
    client: Client,
    published: Publication,
    pages: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    from layakanak.regions.models import Region

    client.get("/wilayah/64.71/")
    assert state(client.get("/wilayah/64.71/")) == "hit"
    region = Region.objects.get(code="64.71")
    region.name = "Kota Balikpapan Raya"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        region.save()
        region.save()
    assert len(callbacks) == 1  # once per transaction, however many rows it writes
    fresh = client.get("/wilayah/64.71/")
    assert state(fresh) == "miss" and "Kota Balikpapan Raya" in fresh.content.decode()


def test_a_broken_cache_serves_the_pages_anyway(
    client: Client, published: Publication, pages: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ConnectionError("cache server down")

    monkeypatch.setattr(page_cache._cache(), "get", broken)
    response = client.get("/hasil/2026/")
    assert response.status_code == 200 and state(response) is None
    assert "<h1>Evaluasi KLA 2026</h1>" in response.content.decode()
