"""Rendered-response cache of the public pages built from published snapshots (issue 11).

On announcement day national media link to the results page and the region profiles; rendering
them costs 50–220 ms of CPU each, so a 2-core server answers a few dozen a second. The pages
change only when something is published, corrected or edited, so the rendered responses of
anonymous visitors are kept and served again until then:

- Which pages: those declared with `cache=Route(...)` in the portal's URL modules
  (`layakanak/portal/public.py`, `cache_routes()`) — the home map, `/hasil/`, `/hasil/<cycle>/`
  with its filters, `/hasil/<cycle>/v<n>/`, the region and province profiles `/wilayah/<code>/`
  and the national statistics. Only GET requests of anonymous visitors: a request that carries a
  session cookie, a messages cookie or an Authorization header, or comes from the static
  exporter, is never served from nor stored in the cache.
- Key: host and scheme, path, the query string reduced to the parameters the page reads (sorted;
  other parameters such as `fbclid` are removed from the request before the view sees it, so the
  stored page never echoes them), the language (`layakanak.core.locale.language_for`), whether
  the client accepts gzip, whether it is an htmx request, and the *stamp* of the public data.
- The stamp (`current_stamp`): a SHA-256 over the identity of every publication (id, SHA-256,
  current or superseded: publications are immutable, a correction is a new publication), a
  fingerprint of the certificates and of the regions and boundaries, and a generation token that
  changes after every committed save or deletion of a model the pages read (`WATCHED`). A new
  publication or a correction therefore changes the stamp as soon as its transaction commits, and
  every page is rendered afresh. The stamp is kept in the cache shared by all processes and read
  again from the database every PAGE_CACHE_CHECK_SECONDS, which also notices changes made outside
  the platform's actions (bulk updates, a region reload by another process).
- Only responses that are the same for every anonymous visitor are stored: status 200, no
  Set-Cookie, no CSRF token used, no CSP nonce, no `Cache-Control: private/no-store`, no Vary
  beyond Cookie, Accept-Encoding and HX-Request. The stored headers include those set by the
  middleware inside this one (CSP, X-Frame-Options, Content-Language, Vary); those outside it
  (request id, SecurityMiddleware's headers) are applied on every hit.
- The middleware sits right after WhiteNoise, before sessions, authentication, two-factor,
  CSRF, messages and axes: a hit reads no session and makes no database query. Hits carry an
  ETag (answered with 304 when it matches) and `Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE`
  so that nginx or a CDN in front can keep them too (docs/deployment.md).

Storage: the `pages` cache (CACHES, docs/configuration.md: a file cache under var/ by default,
shared by the processes of one machine) plus a small in-memory copy in each process, keyed by
the same key, so a hit usually costs one small read of the stamp and a dictionary lookup.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.exceptions import DisallowedHost
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count, Max, Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode

from layakanak.core.locale import SUPPORTED, language_for
from layakanak.portal.public import Route, cache_routes

logger = logging.getLogger("layakanak.page_cache")

CACHE_ALIAS = "pages"
# Part of every key: a change of what an entry holds (the Entry class) starts from empty.
FORMAT = "1"
STAMP_KEY = "page-cache:stamp"
GENERATION_KEY = "page-cache:generation"
HIT_HEADER = "X-Page-Cache"
STATIC_EXPORT_HEADER = "HTTP_X_LAYAKANAK_STATIC_EXPORT"  # portal.static_export: never cached


# Models the cached pages read: a committed save or deletion of one of them changes the stamp.
WATCHED = (
    "results.Publication",
    "results.RegionResult",
    "results.ProvinceAward",
    "results.Certificate",
    "regions.Region",
    "regions.RegionSuccession",
    "regions.RegionBoundary",
    "instruments.InstrumentVersion",
    "services.ServiceContact",
    "services.CounsellingService",
    "services.ChildForum",
    "services.ForumActivity",
    "services.Playground",
    "services.PlaygroundPhoto",
)

# Vary headers a stored response may carry: anything else means it differs between visitors.
_ALLOWED_VARY = {"cookie", "accept-encoding", "hx-request"}
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers the middleware outside this one sets on every response; never stored.
_NOT_STORED = {"x-request-id", "date", "set-cookie"}


def enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE_ENABLED", False))


def _cache() -> BaseCache:
    return caches[CACHE_ALIAS]


# --- The stamp of the public data ------------------------------------------------------------


def _fingerprint() -> str:
    """Identity of everything the cached pages are built from (a few aggregate queries)."""
    from layakanak.regions.models import Region, RegionBoundary
    from layakanak.results.models import Certificate, Publication

    digest = hashlib.sha256()
    for pk, sha256, superseded in Publication.objects.order_by("pk").values_list(
        "pk", "sha256", "superseded_at"
    ):
        digest.update(f"p{pk}:{sha256}:{superseded is None}\n".encode())
    aggregates = (
        Certificate.objects.aggregate(
            n=Count("pk"),
            last=Max("pk"),
            replaced=Count("replaced_at"),
            rendered=Count("pk", filter=~Q(sha256="")),
        ),
        Region.objects.aggregate(n=Count("pk"), last=Max("pk"), retired=Count("retired_on")),
        RegionBoundary.objects.aggregate(n=Count("pk"), last=Max("pk")),
    )
    for values in aggregates:
        digest.update(repr(sorted(values.items())).encode())
    return digest.hexdigest()


def _generation(cache: BaseCache) -> str:
    return str(cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None))


def _compute_stamp(cache: BaseCache) -> str:
    generation = _generation(cache)
    return hashlib.sha256(f"{_fingerprint()}:{generation}".encode()).hexdigest()[:32]


def current_stamp() -> str:
    """The stamp of the public data; database queries only when it is not in the cache."""
    cache = _cache()
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        # add(), not set(): a stamp computed just before a commit must never overwrite the one
        # that data_changed() sets after it.
        cache.add(STAMP_KEY, _compute_stamp(cache), settings.PAGE_CACHE_CHECK_SECONDS)
        stamp = cache.get(STAMP_KEY) or _compute_stamp(cache)
    return str(stamp)


def data_changed() -> None:
    """Public data changed (and is committed): every cached page is stale from now on."""
    if not enabled():
        return
    cache = _cache()
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
        cache.set(STAMP_KEY, _compute_stamp(cache), settings.PAGE_CACHE_CHECK_SECONDS)
    except Exception:
        # The change is committed; a publication shows within PAGE_CACHE_CHECK_SECONDS anyway.
        logger.exception("page cache: could not renew the stamp")


def _on_change(sender: type, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_save / post_delete of a watched model: change the stamp once the transaction
    commits (once per transaction, however many rows it writes)."""
    if not enabled():
        return
    connection = transaction.get_connection(using)
    pending = getattr(connection, "run_on_commit", [])
    if any(len(entry) > 1 and entry[1] is data_changed for entry in pending):
        return
    transaction.on_commit(data_changed, using=using, robust=True)


def connect_signals() -> None:
    from django.apps import apps

    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_on_change, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"page-cache-delete-{label}")


# --- Entries: the shared cache and a small copy in this process ------------------------------


@dataclass(frozen=True)
class Entry:
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str


class _Memory:
    """A least-recently-used copy of entries in this process, bounded by their total size.
    Keys contain the stamp, so an entry found here is as valid as the shared one."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Entry) -> None:
        limit = settings.PAGE_CACHE_MEMORY_MB * 1024 * 1024
        if len(entry.body) > limit:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old.body)
            self._entries[key] = entry
            self._size += len(entry.body)
            while self._size > limit and self._entries:
                _key, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


_memory = _Memory()
_render_locks: dict[str, threading.Lock] = {}
_render_locks_guard = threading.Lock()


def clear() -> None:
    """Forget every cached page (this process's copy and the shared cache)."""
    _memory.clear()
    _routes.clear()
    _cache().clear()


def _lookup(key: str) -> Entry | None:
    entry = _memory.get(key)
    if entry is None:
        try:
            found = _cache().get(key)
        except Exception:  # an unreachable or broken cache must not take the pages down
            logger.warning("page cache: reading failed", exc_info=True)
            return None
        if isinstance(found, Entry):
            entry = found
            _memory.put(key, entry)
    return entry


def _store(key: str, entry: Entry) -> None:
    _memory.put(key, entry)
    try:
        _cache().set(key, entry, settings.PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("page cache: storing failed", exc_info=True)


# --- Requests -------------------------------------------------------------------------------


_routes: dict[str, Route | None] = {}


def _route(request: HttpRequest) -> Route | None:
    """The cacheable page at this path, if any; remembered per path (resolving a URL costs more
    than the rest of a hit)."""
    path = request.path_info
    try:
        return _routes[path]
    except KeyError:
        pass
    try:
        route = cache_routes().get(resolve(path).view_name)
    except Resolver404:
        route = None
    if len(_routes) >= 50_000:
        _routes.clear()
    _routes[path] = route
    return route


def _personal(request: HttpRequest) -> bool:
    """The request may see a page of its own: a session (logged in, or messages kept there), a
    messages cookie, credentials, or the static exporter's variant of the page."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
        or "HTTP_AUTHORIZATION" in request.META
        or STATIC_EXPORT_HEADER in request.META
    )


def _normalise_query(request: HttpRequest, route: Route) -> str:
    """Keep only the parameters the page reads, sorted; the view sees the reduced request."""
    params = request.GET
    kept = [
        (name, value)
        for name in sorted(route.params | {"lang"})
        for value in params.getlist(name)
        if name != "lang" or value in SUPPORTED
    ]
    query = urlencode(kept)
    if query != request.META.get("QUERY_STRING", ""):
        from django.http import QueryDict

        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
    return query


def _key(request: HttpRequest, route: Route, query: str) -> str:
    gzip = bool(_ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
    htmx = route.htmx and request.headers.get("HX-Request") == "true"
    raw = "\n".join(
        (
            current_stamp(),
            request.scheme or "",
            request.get_host(),
            request.path,
            query,
            language_for(request),
            "gzip" if gzip else "",
            "htmx" if htmx else "",
        )
    )
    return f"page:{FORMAT}:" + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    if "nonce-" in response.get("Content-Security-Policy", ""):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= _ALLOWED_VARY


def _public_headers(response: HttpResponseBase, route: Route, etag: str) -> None:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    if route.htmx:
        patch_vary_headers(response, ("HX-Request",))


def _entry_of(response: HttpResponse, route: Route) -> Entry:
    body = response.content
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    _public_headers(response, route, etag)
    headers = tuple(
        (name, value) for name, value in response.items() if name.lower() not in _NOT_STORED
    )
    return Entry(headers=headers, body=body, etag=etag)


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    sent = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not sent:
        return False
    if sent.strip() == "*":
        return True
    return etag in {tag.strip().removeprefix("W/") for tag in sent.split(",")}


def _response_of(request: HttpRequest, entry: Entry) -> HttpResponseBase:
    response: HttpResponseBase
    if _etag_matches(request, entry.etag):
        response = HttpResponseNotModified()
        for name, value in entry.headers:
            if name.lower() in ("etag", "cache-control", "vary", "content-language"):
                response[name] = value
    else:
        response = HttpResponse(entry.body, headers=dict(entry.headers))
    response[HIT_HEADER] = "hit"
    return response


def _render_lock(key: str) -> threading.Lock:
    with _render_locks_guard:
        if len(_render_locks) > 1000:
            _render_locks.clear()
        return _render_locks.setdefault(key, threading.Lock())


class PublicPageCacheMiddleware:
    """Serve and keep the rendered public pages of anonymous visitors (module docstring).

    In MIDDLEWARE right after WhiteNoise: a hit skips sessions, authentication, two-factor,
    language activation, CSRF, messages and axes, and the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "GET" or not enabled():
            return self.get_response(request)
        route = _route(request)
        if route is None:
            return self.get_response(request)
        if _personal(request):
            response = self.get_response(request)
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True)
            return response
        query = _normalise_query(request, route)
        try:
            key = _key(request, route, query)
        except DisallowedHost:
            raise
        except Exception:  # e.g. the shared cache is unreachable: serve without it
            logger.warning("page cache: no key", exc_info=True)
            return self.get_response(request)
        entry = _lookup(key)
        if entry is not None:
            return _response_of(request, entry)
        # One render per page and process at a time: a burst of visitors to a page not yet
        # kept waits for the first one's render instead of rendering it fifty times.
        lock = _render_lock(key)
        if lock.acquire(timeout=30):
            try:
                entry = _lookup(key)
                if entry is not None:
                    return _response_of(request, entry)
                return self._render(request, route, key)
            finally:
                lock.release()
        return self._render(request, route, key)

    def _render(self, request: HttpRequest, route: Route, key: str) -> HttpResponseBase:
        response = self.get_response(request)
        if isinstance(response, HttpResponse) and _storable(request, response):
            _store(key, _entry_of(response, route))
            response[HIT_HEADER] = "miss"
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response
