"""The one declaration of the public pages: which URL is public, whether the page cache keeps
it, and whether the static export renders it.

A public page is declared where its URL is, in a portal URL module, with one call:

    public_page("hasil/<slug:cycle>/", results_views.cycle_page, name="cycle",
                cache=Route(frozenset({"provinsi", "q"}), htmx=True), start=Start.CYCLE)

Everything else is derived by walking Django's URL resolver, so nothing has to be repeated in
an easy-to-miss list:

- `cache_routes()`: the pages `portal/page_cache.py` keeps for anonymous visitors (`cache=`);
- `export_prefixes()`: the public URL space the static exporter follows links into (`export=`
  or `start=`): the literal part of each exported page's path up to its last `/` before the
  first variable part (`hasil/<slug:cycle>/` → `/hasil/`), plus the open API's read endpoints
  the exported maps fetch (`EXPORTED_API_PREFIXES`: django-ninja's routes cannot carry the
  declaration). The home page `/` is always in the export's scope;
- `start_pages()`: the pages every export of a cycle renders even when nothing links to them
  (`start=`), each with the arguments its `Start` kind names (`portal/cycle_export.py`).

Staff pages stay in their apps and are never declared here (tests/portal/test_public_pages.py
checks both directions: every view of the portal is declared public and every declared page's
view lives in the portal; every URL inside the exported space is declared for export).
"""

from __future__ import annotations

import enum
import re
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, get_urlconf
from django.urls.resolvers import RegexPattern, RoutePattern

# Read endpoints of the open API that the exported pages' maps fetch (`data-*-url` attributes).
EXPORTED_API_PREFIXES: tuple[str, ...] = ("/api/v1/regions/", "/api/v1/cycles/")


@dataclass(frozen=True)
class Route:
    """How the page cache keeps a page: the query parameters its view reads (with `lang`,
    always); the other parameters are removed before the view sees the request."""

    params: frozenset[str] = frozenset()
    htmx: bool = False  # the view answers htmx requests with a fragment


class Start(enum.Enum):
    """Which URLs of a page every export of a cycle renders (the crawl finds the rest)."""

    PAGE = "page"  # the page itself (a URL without arguments)
    CYCLE = "cycle"  # the page of the exported cycle (its slug)
    FILES = "files"  # every open-data file of the cycle (its slug and the file name)
    REGIONS = "regions"  # every region of the cycle (its code)


@dataclass(frozen=True)
class PublicPage:
    """What the portal does with a public page (see the module docstring)."""

    cache: Route | None = None
    export: bool = False
    start: Start | None = None

    def __post_init__(self) -> None:
        if self.start is not None and not self.export:
            raise ValueError("A start page of the static export must be exported too.")


class PublicPattern(URLPattern):
    """Django's URL pattern of a public page, carrying its declaration."""

    def __init__(
        self,
        pattern: RoutePattern | RegexPattern,
        callback: Callable[..., Any],
        default_args: dict[str, Any] | None,
        name: str,
        page: PublicPage,
    ) -> None:
        super().__init__(pattern, callback, default_args, name)
        self.page = page


def public_page(
    route: str,
    view: Callable[..., Any],
    *,
    name: str,
    kwargs: dict[str, Any] | None = None,
    cache: Route | None = None,
    export: bool = False,
    start: Start | None = None,
) -> PublicPattern:
    """`path()` (or `re_path()` when `route` starts with `^`) for a public page.

    `cache`: the page cache keeps the page for anonymous visitors. `export`: the static export
    follows links to it (and to every path under its prefix). `start`: every export renders it
    (implies `export`)."""
    pattern: RoutePattern | RegexPattern
    if route.startswith("^"):
        pattern = RegexPattern(route, name=name, is_endpoint=True)
    else:
        pattern = RoutePattern(route, name=name, is_endpoint=True)
    page = PublicPage(cache=cache, export=export or start is not None, start=start)
    return PublicPattern(pattern, view, kwargs, name, page)


# --- Walking the URL configuration ---------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    """One URL pattern of the site with its full name and the literal start of its path."""

    view_name: str  # with namespaces, as `resolve(path).view_name` gives it: "regions:detail"
    literal: str  # the path up to its first variable part, with a leading "/": "/hasil/"
    pattern: URLPattern

    @property
    def page(self) -> PublicPage | None:
        return self.pattern.page if isinstance(self.pattern, PublicPattern) else None


_REGEX_LITERAL = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[./-])*")


def _literal(pattern: object) -> tuple[str, bool]:
    """The literal start of one piece of a path and whether the piece is all literal."""
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$")
        literal = _REGEX_LITERAL.match(text)
        found = literal.group(0) if literal else ""
        return re.sub(r"\\(.)", r"\1", found), found == text
    head, _variable, _rest = text.partition("<")
    return head, head == text


def _walk(
    patterns: Sequence[URLPattern | URLResolver],
    namespaces: tuple[str, ...],
    literal: str,
    open_: bool,
) -> Iterator[Endpoint]:
    """`literal`: the path so far; `open_`: no variable part came yet (after one, nothing is
    literal any more)."""
    for entry in patterns:
        piece, whole = _literal(entry.pattern) if open_ else ("", False)
        if isinstance(entry, URLResolver):
            inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, inner, literal + piece, open_ and whole)
        else:
            name = ":".join((*namespaces, entry.name or ""))
            yield Endpoint(name, "/" + literal + piece, entry)


def endpoints() -> Iterator[Endpoint]:
    """Every URL pattern of the site, in the order Django tries them."""
    resolver = get_resolver(get_urlconf())
    return _walk(resolver.url_patterns, (), "", True)


_declared: weakref.WeakKeyDictionary[URLResolver, tuple[Endpoint, ...]] = (
    weakref.WeakKeyDictionary()
)


def declared_pages() -> tuple[Endpoint, ...]:
    """The public pages, in URL order (walked once per URL configuration)."""
    resolver = get_resolver(get_urlconf())
    found = _declared.get(resolver)
    if found is None:
        found = tuple(e for e in endpoints() if e.page is not None)
        _declared[resolver] = found
    return found


def cache_routes() -> dict[str, Route]:
    """The pages the page cache keeps, by view name."""
    return {e.view_name: e.page.cache for e in declared_pages() if e.page and e.page.cache}


def export_prefix(endpoint: Endpoint) -> str:
    """The part of the public URL space an exported page opens: its literal path up to the
    last `/` ("/" for the home page, which the export's scope names exactly)."""
    return endpoint.literal[: endpoint.literal.rfind("/") + 1]


def export_prefixes() -> tuple[str, ...]:
    """The prefixes of the static export's scope (module docstring)."""
    prefixes = {export_prefix(e) for e in declared_pages() if e.page and e.page.export}
    prefixes.discard("/")
    prefixes.update(EXPORTED_API_PREFIXES)
    return tuple(
        sorted(p for p in prefixes if not any(p != q and p.startswith(q) for q in prefixes))
    )


def start_pages() -> tuple[Endpoint, ...]:
    """The pages every export of a cycle renders, in URL order."""
    return tuple(e for e in declared_pages() if e.page and e.page.start is not None)


def declaration_problems() -> list[str]:
    """What breaks "one declaration of the public pages" in the URL configuration (empty when
    all is well; tests/portal/test_public_pages.py):

    - a URL inside the exported space that is not declared for export: the exporter would follow
      links to it although nothing says it is public;
    - a view of the portal that is not declared public;
    - a declared public page whose view lives outside the portal (public pages belong to the
      portal; staff pages stay with their app)."""
    prefixes = [p for p in export_prefixes() if p not in EXPORTED_API_PREFIXES]
    problems = []
    for endpoint in endpoints():
        view = endpoint.pattern.lookup_str
        in_portal = view.startswith("layakanak.portal.")
        where = f"{endpoint.view_name or '(no name)'} at {endpoint.literal or '?'} ({view})"
        if endpoint.page is None and in_portal:
            problems.append(f"a view of the portal is not declared public: {where}")
        if endpoint.page is not None and not in_portal:
            problems.append(f"a public page whose view is outside the portal: {where}")
        exported = endpoint.page is not None and endpoint.page.export
        if not exported and any(endpoint.literal.startswith(p) for p in prefixes):
            problems.append(f"a URL in the exported space is not declared for export: {where}")
    return problems
