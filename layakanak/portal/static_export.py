"""Static export: the public pages of a published cycle as a folder of plain files.

On announcement day the results must not depend on Python or the database (ARCHITECTURE.md,
section 1): `layakanak publish --static-out DIR` and `layakanak export_static` render the pages
into a folder that nginx, object storage or a CDN serves (docs/static-export.md).

The renderer is generic. It requests a start list of URLs through Django's test client (the real
URL configuration, middleware and templates, as an anonymous visitor), follows every internal
reference inside the public URL space (`Scope`) and writes:

- HTML pages as `<path>/index.html`, the first language at the root and every other language
  under `<language>/` (`en/hasil/2025/index.html`);
- other responses (open-data files, JSON of the API used by the maps) under their path, with an
  extension that matches their type (`api/v1/regions/64.71/boundary.json`);
- static assets with a content hash in their name (`static/css/app.3f2a9c1b7d0e.css`), CSS
  `url()` references rewritten, so they can be cached for a year.

Every reference is rewritten relative to the file that contains it and points at `index.html`
explicitly, so the folder works at the root of a domain, under any prefix, on object storage
without an index-document setting, and opened from disk. What cannot work without the server
points at the live site (`site_url`): links with a query string, pages outside the scope, GET
forms (searches) and the region pages of regions outside the cycle. POST forms other than the
language switch are replaced by a link to the live page; the language switch becomes links to
the same page in the other language; htmx attributes are removed (plain links and forms remain).
Pages may ask `is_static_export(request)` to render a variant that works without the server
(the results page filters in the browser).

Scripts must take the URLs they fetch from `data-*` attributes holding a root-relative URL
(`data-boundary-url="/api/v1/..."`): those are exported and rewritten like links.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import html
import json
import logging
import mimetypes
import posixpath
import re
import shutil
import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.http.request import split_domain_port, validate_host
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from layakanak.portal.public import export_prefixes

STATIC_EXPORT_HEADER = "X-Layakanak-Static-Export"
MANIFEST = "_export.json"

# Region pages (and their sub-pages) are exported only for the regions of the cycle.
REGION_PATH = re.compile(r"^/wilayah/(?P<code>[0-9.]+)/")
_HASHED = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
_CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>[^'")]+)(?P=q)\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?P<q>['"])(?P<url>[^'"]+)(?P=q)""")
_EXTENSIONS = {
    "text/html": ".html",
    "application/json": ".json",
    "application/geo+json": ".json",
    "text/csv": ".csv",
    "text/plain": ".txt",
    "application/zip": ".zip",
    "application/pdf": ".pdf",
    "image/svg+xml": ".svg",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
}
_REFERENCE_ATTRIBUTES = {"href", "src", "action", "formaction", "poster"}
_SKIPPED_SCHEMES = ("#", "mailto:", "tel:", "javascript:", "data:", "blob:")

log = logging.getLogger("layakanak.static_export")


def is_static_export(request: HttpRequest) -> bool:
    """True when the static exporter renders this page (pages can then drop what needs the
    server, or do it in the browser instead)."""
    return request.headers.get(STATIC_EXPORT_HEADER) == "1"


class ExportRefused(Exception):
    """The export cannot be written (an unexpected folder, a broken start page)."""


@dataclass(frozen=True)
class Scope:
    """Which root-relative paths belong to the export: the home page, the static files and the
    public URL space, by default the pages declared for export (`portal.public.export_prefixes`:
    pages and files under them are exported when something links to them; everything else,
    staff pages, login, child services, API docs, stays on the live site)."""

    prefixes: tuple[str, ...] = field(default_factory=export_prefixes)
    region_codes: frozenset[str] | None = None  # None: every region page

    def includes(self, path: str) -> bool:
        if path == "/" or path.startswith(settings.STATIC_URL):
            return True
        if not any(path.startswith(prefix) for prefix in self.prefixes):
            return False
        match = REGION_PATH.match(path)
        return not (
            match and self.region_codes is not None and match["code"] not in self.region_codes
        )


# Documents: HTML kept as pieces so that references can be rewritten once the crawl is done -----


@dataclass
class Tag:
    name: str
    attrs: list[list[str | None]]
    raw: str
    closed: bool  # written as <tag ... />
    dirty: bool = False  # changed since parsing: written with render(), not raw

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)

    def set(self, name: str, value: str | None) -> None:
        self.dirty = True
        for pair in self.attrs:
            if pair[0] == name:
                pair[1] = value
                return
        self.attrs.append([name, value])

    def remove(self, name: str) -> None:
        self.dirty = True
        self.attrs = [pair for pair in self.attrs if pair[0] != name]

    def render(self) -> str:
        parts = [self.name]
        for key, value in self.attrs:
            parts.append(str(key) if value is None else f'{key}="{html.escape(value, quote=True)}"')
        return f"<{' '.join(parts)}{' /' if self.closed else ''}>"


def _is_reference(name: str, value: str | None) -> bool:
    if value is None:
        return False
    if name in _REFERENCE_ATTRIBUTES:
        return True
    return name.startswith("data-") and value.startswith("/") and not value.startswith("//")


@dataclass
class Document:
    pieces: list[str | Tag] = field(default_factory=list)
    forms: list[tuple[int, int]] = field(default_factory=list)  # (start, end) piece indexes

    def tags(self) -> Iterator[Tag]:
        return (piece for piece in self.pieces if isinstance(piece, Tag))

    def references(self) -> Iterator[str]:
        for tag in self.tags():
            for key, value in tag.attrs:
                if value is not None and _is_reference(str(key), value):
                    yield value


_TOKEN = re.compile(
    r"""<!--.*?-->"""
    r"""|<(?P<name>[a-zA-Z][\w:-]*)(?P<attrs>(?:\s+[^\s"'>/=]+"""
    r"""(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(?P<closed>/?)>"""
    r"""|</(?P<end>form)\s*>""",
    re.S | re.I,
)
_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""", re.S
)
_RAW_TEXT = {"script", "style", "textarea", "title"}
_INTERESTING = re.compile(
    r"\s(?:href|src|action|formaction|poster|data-[\w-]+|hx-[\w-]+)\s*=", re.I
)


def _attributes(text: str) -> list[list[str | None]]:
    pairs: list[list[str | None]] = []
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        quoted = match.group(2) if match.group(2) is not None else match.group(3)
        value = quoted if quoted is not None else match.group(4)
        pairs.append([name, html.unescape(value) if value is not None else None])
    return pairs


def parse_html(text: str) -> Document:
    """Split HTML into raw text and the start tags that may need rewriting (those with
    references, htmx attributes, and the controls of forms). Comments and the content of
    script, style, textarea and title elements are kept as they are. The pages are our own
    templates' output, so a tokenizer for well-formed HTML is enough (and much faster than a
    full parser on a thousand pages)."""
    document = Document()
    pieces = document.pieces
    position = 0
    form_start: int | None = None
    length = len(text)
    while position < length:
        match = _TOKEN.search(text, position)
        if match is None:
            break
        name = match.group("name")
        if name is None:
            if match.group("end") and form_start is not None:
                pieces.append(text[position : match.start()])
                pieces.append(match.group(0))
                document.forms.append((form_start, len(pieces) - 1))
                form_start = None
                position = match.end()
                continue
            pieces.append(text[position : match.end()])  # a comment or an unmatched </form>
            position = match.end()
            continue
        name = name.lower()
        raw = match.group(0)
        end = match.end()
        if name in _RAW_TEXT:
            closing = re.compile(rf"</{name}\s*>", re.I).search(text, end)
            end_of_text = closing.start() if closing else length
        else:
            end_of_text = end
        wanted = name in ("form", "input", "button") or _INTERESTING.search(raw) is not None
        if wanted:
            pieces.append(text[position : match.start()])
            pieces.append(
                Tag(name, _attributes(match.group("attrs")), raw, bool(match.group("closed")))
            )
            if name == "form":
                form_start = len(pieces) - 1
            pieces.append(text[end:end_of_text])
        else:
            pieces.append(text[position:end_of_text])
        position = end_of_text
    pieces.append(text[position:])
    return document


# The export ------------------------------------------------------------------------------------


@dataclass
class ExportReport:
    folder: Path
    pages: int = 0
    files: int = 0
    assets: int = 0
    bytes: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str, int]] = field(default_factory=list)  # (language, path, status)
    live_links: int = 0


@dataclass
class _Resource:
    content_type: str
    body: bytes


class StaticExporter:
    """Render a start list of URLs and everything they reference in scope into `folder`."""

    def __init__(
        self,
        folder: Path,
        *,
        scope: Scope,
        site_url: str,
        languages: Sequence[str] | None = None,
    ) -> None:
        self.folder = folder
        self.scope = scope
        self.site_url = site_url.rstrip("/")
        self.languages = list(languages or [code for code, _name in settings.LANGUAGES])
        if not self.languages:
            raise ExportRefused("At least one language is needed.")
        self.pages: dict[tuple[str, str], Document] = {}
        self.resources: dict[str, _Resource] = {}
        self.aliases: dict[tuple[str, str], str] = {}
        self.failed: dict[tuple[str, str], int] = {}
        self.assets: dict[str, str | None] = {}  # static path -> file in the export (None: missing)
        self._language_switch = _path_of("set_language")
        self.report = ExportReport(folder)

    # Crawling --------------------------------------------------------------------------------

    def _client(self) -> Any:
        from django.test import Client

        return Client(HTTP_HOST=_host(self.site_url), raise_request_exception=True)

    def crawl(self, start: Iterable[str]) -> None:
        clients = {language: self._client() for language in self.languages}
        for language, client in clients.items():
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        queue: deque[tuple[str, str]] = deque(
            (language, path) for language in self.languages for path in start
        )
        seen: set[tuple[str, str]] = set(queue)
        while queue:
            language, path = queue.popleft()
            if path.startswith(settings.STATIC_URL) or path in self.resources:
                continue
            response = clients[language].get(path, secure=True, headers={STATIC_EXPORT_HEADER: "1"})
            status = response.status_code
            content_type = response.get("Content-Type", "").split(";")[0].strip()
            if status in (301, 302, 303, 307, 308):
                target = urlsplit(urljoin(path, response["Location"]))
                if not target.netloc and not target.query and self.scope.includes(target.path):
                    self.aliases[(language, path)] = target.path
                    key = (language, target.path)
                    if key not in seen:
                        seen.add(key)
                        queue.append(key)
                else:
                    self.failed[(language, path)] = status
                continue
            if status != 200:
                self.failed[(language, path)] = status
                continue
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if content_type != "text/html":
                self.resources[path] = _Resource(content_type, body)
                continue
            document = parse_html(body.decode(response.charset or "utf-8"))
            self.pages[(language, path)] = document
            for reference in document.references():
                target_path = self._internal_path(path, reference)
                if target_path is None:
                    continue
                if target_path.startswith(settings.STATIC_URL):
                    self.assets.setdefault(target_path, None)
                    continue
                key = (language, target_path)
                if key not in seen and target_path not in self.resources:
                    seen.add(key)
                    queue.append(key)

    def _internal_path(self, base: str, reference: str) -> str | None:
        """The root-relative path of an in-scope reference without query string, else None."""
        if not reference or reference.startswith(_SKIPPED_SCHEMES):
            return None
        parts = urlsplit(urljoin(f"http://export{base}", reference))
        if parts.netloc != "export" or parts.query:
            return None
        path = posixpath.normpath(parts.path) + ("/" if parts.path.endswith("/") else "")
        path = path.replace("//", "/")
        if ".." in path.split("/") or not self.scope.includes(path):
            return None
        return path

    # Files -----------------------------------------------------------------------------------

    def page_file(self, language: str, path: str) -> str:
        prefix = "" if language == self.languages[0] else f"{language}/"
        relative = unquote(path).lstrip("/")
        if not relative or relative.endswith("/"):
            return f"{prefix}{relative}index.html"
        return f"{prefix}{relative}.html"

    def resource_file(self, path: str) -> str:
        relative = unquote(path).lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index"
        content_type = self.resources[path].content_type
        extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ""
        if extension and not relative.endswith(extension):
            relative += extension
        return relative

    def _final(self, language: str, path: str) -> str:
        for _step in range(10):
            target = self.aliases.get((language, path))
            if target is None:
                break
            path = target
        return path

    def _live(self, path: str, query: str, fragment: str, language: str) -> str:
        self.report.live_links += 1
        if language != self.languages[0] and "lang=" not in query:
            query = f"{query}&lang={language}" if query else f"lang={language}"
        return (
            f"{self.site_url}{path}"
            + (f"?{query}" if query else "")
            + (f"#{fragment}" if fragment else "")
        )

    def link(
        self, language: str, base: str, own_file: str, reference: str, *, for_script: bool = False
    ) -> str:
        """The reference as it must appear in the exported file `own_file`. References for
        scripts (data-* attributes) to a page keep the folder form (`wilayah/`), because scripts
        build further URLs on them (`wilayah/` + code + `/`); links name the file."""
        if not reference or reference.startswith(_SKIPPED_SCHEMES):
            return reference
        parts = urlsplit(urljoin(f"http://export{base}", reference))
        if parts.netloc != "export":
            return reference  # another site
        path, query, fragment = parts.path, parts.query, parts.fragment
        suffix = f"#{fragment}" if fragment else ""
        if path.startswith(settings.STATIC_URL):
            asset = self.asset(path)
            if asset is None:
                return self._live(path, query, fragment, language)
            return _relative(own_file, asset) + suffix
        target_language = language
        if query:
            chosen = re.fullmatch(r"lang=([a-z-]+)", query)
            if not chosen or chosen.group(1) not in self.languages:
                return self._live(path, query, fragment, language)
            target_language = chosen.group(1)
        final = self._final(target_language, path)
        if (target_language, final) in self.pages:
            target = _relative(own_file, self.page_file(target_language, final))
            if for_script and target.endswith("index.html"):
                target = target[: -len("index.html")] or "./"
            return target + suffix
        if final in self.resources:
            return _relative(own_file, self.resource_file(final)) + suffix
        return self._live(path, query, fragment, target_language)

    # Static assets ---------------------------------------------------------------------------

    def asset(self, path: str, _stack: frozenset[str] = frozenset()) -> str | None:
        """Copy a static file into the export under a hashed name; returns its file path."""
        path = posixpath.normpath(unquote(path))
        if self.assets.get(path):
            return self.assets[path]
        name = path[len(settings.STATIC_URL) :]
        content = _read_static(name)
        if content is None or path in _stack:
            self.assets[path] = None
            return None
        if name.endswith(".css"):
            content = self._rewrite_css(path, content, _stack | {path})
        if _HASHED.search(name):
            hashed = name
        else:
            stem, dot, extension = posixpath.basename(name).rpartition(".")
            digest = hashlib.sha256(content).hexdigest()[:12]
            base = f"{stem}.{digest}.{extension}" if dot else f"{extension}.{digest}"
            hashed = posixpath.join(posixpath.dirname(name), base)
        target = f"static/{hashed}"
        self._write(target, content)
        self.report.assets += 1
        self.assets[path] = target
        return target

    def _rewrite_css(self, path: str, content: bytes, stack: frozenset[str]) -> bytes:
        text = content.decode("utf-8")
        own = f"static/{path[len(settings.STATIC_URL) :]}"  # where it would sit unhashed

        def replace(match: re.Match[str]) -> str:
            reference = match["url"].strip()
            if reference.startswith(_SKIPPED_SCHEMES) or "://" in reference:
                return match.group(0)
            parts = urlsplit(urljoin(f"http://export{path}", reference))
            if not parts.path.startswith(settings.STATIC_URL):
                return match.group(0)
            asset = self.asset(parts.path, stack)
            if asset is None:
                return match.group(0)
            # The hashed file sits in the same folder as the unhashed one would.
            new = _relative(own, asset) + (f"#{parts.fragment}" if parts.fragment else "")
            return match.group(0).replace(match["url"], new)

        text = _CSS_URL.sub(replace, text)
        text = _CSS_IMPORT.sub(replace, text)
        return text.encode("utf-8")

    # Writing ---------------------------------------------------------------------------------

    def _write(self, relative: str, content: bytes) -> None:
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.report.files += 1
        self.report.bytes += len(content)

    def _render_page(self, language: str, path: str, document: Document) -> str:
        own = self.page_file(language, path)
        pieces: list[str | Tag] = list(document.pieces)
        for start, end in document.forms:
            self._static_form(language, path, own, pieces, start, end)
        out = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(piece)
                continue
            changed = False
            for pair in list(piece.attrs):
                key, value = str(pair[0]), pair[1]
                if key.startswith("hx-"):
                    piece.remove(key)
                    changed = True
                elif value is not None and _is_reference(key, value):
                    for_script = key.startswith("data-")
                    new = self.link(language, path, own, value, for_script=for_script)
                    if new != value:
                        pair[1] = new
                        changed = True
                    if for_script and new.endswith("/") and piece.get("data-index-file") is None:
                        # A script appends codes to this folder: it must name the page file too,
                        # for object storage without index documents (portal-map.js).
                        piece.set("data-index-file", "index.html")
                        changed = True
            out.append(piece.render() if changed or piece.dirty else piece.raw)
        return "".join(out)

    def _static_form(
        self, language: str, path: str, own: str, pieces: list[str | Tag], start: int, end: int
    ) -> None:
        """Forms cannot reach the server from the export: see the module docstring."""
        form = pieces[start]
        assert isinstance(form, Tag)
        action = urlsplit(urljoin(f"http://export{path}", form.get("action") or path))
        method = (form.get("method") or "get").lower()
        if action.path == self._language_switch:
            form.set("method", "get")
            form.set("action", path)
            for index in range(start + 1, end):
                tag = pieces[index]
                if not isinstance(tag, Tag):
                    continue
                if tag.name == "input" and (tag.get("type") or "").lower() == "hidden":
                    pieces[index] = ""
                elif tag.name == "button" and tag.get("value") in self.languages:
                    target = str(tag.get("value"))
                    tag.set("formaction", f"/{path.lstrip('/')}?lang={target}")
                    tag.remove("name")
                    tag.remove("value")
            return
        if method == "post":
            with translation.override(language):
                text = _("This form works on the online site.")
            live = self._live(path, "", "", language)
            link = f'<a href="{html.escape(live)}">{html.escape(text)}</a>'
            pieces[start] = f'<p class="static-export-note">{link}</p>'

            for index in range(start + 1, end + 1):
                pieces[index] = ""
            return
        form.set("action", self._live(action.path, "", "", language))
        if language != self.languages[0]:
            # The live site keeps the visitor's language for the search.
            pieces[end] = f'<input type="hidden" name="lang" value="{language}"></form>'

    def write(self) -> None:
        for (language, path), document in self.pages.items():
            text = self._render_page(language, path, document)
            self._write(self.page_file(language, path), text.encode("utf-8"))
            self.report.pages += 1
        for path in self.resources:
            self._write(self.resource_file(path), self.resources[path].body)
        for path in list(self.assets):
            self.asset(path)
        self.report.failures = sorted(
            (language, path, status) for (language, path), status in self.failed.items()
        )


def _relative(own_file: str, target_file: str) -> str:
    start = posixpath.dirname(own_file) or "."
    return quote(posixpath.relpath(target_file, start), safe="/._-~")


def _read_static(name: str) -> bytes | None:
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(name)
    if isinstance(found, str):
        return Path(found).read_bytes()
    with contextlib.suppress(OSError, ValueError, NotImplementedError):
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return bytes(handle.read())
    return None


def _path_of(name: str, *args: str) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _host(site_url: str) -> str:
    """A host name the settings allow, preferring the site's own."""
    allowed = list(settings.ALLOWED_HOSTS)
    candidates = [urlsplit(site_url).netloc, *allowed, "testserver", "localhost"]
    for candidate in candidates:
        domain, _port = split_domain_port(candidate.lstrip("."))
        if domain and domain != "*" and validate_host(domain, allowed):
            return candidate.lstrip(".")
    if "*" in allowed:
        return "localhost"
    raise ExportRefused("No host name in ALLOWED_HOSTS can be used for the export.")


@contextlib.contextmanager
def _quiet_request_log() -> Iterator[None]:
    """The export makes one request per page: they are not visitors' requests."""
    logger = logging.getLogger("layakanak.request")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def check_folder(folder: Path) -> None:
    """An export goes into an empty or missing folder, or replaces an earlier export."""
    if folder.exists() and not folder.is_dir():
        raise ExportRefused(f"{folder} is not a folder.")
    if folder.exists() and any(folder.iterdir()) and not (folder / MANIFEST).exists():
        raise ExportRefused(
            f"{folder} is not empty and holds no earlier export ({MANIFEST}); choose an empty "
            "folder."
        )


def export_site(
    folder: Path,
    start: Iterable[str],
    *,
    scope: Scope,
    site_url: str,
    languages: Sequence[str] | None = None,
    manifest: dict[str, Any] | None = None,
) -> ExportReport:
    """Render `start` and everything it references in `scope` into `folder`, replacing an earlier
    export there (the new one is built beside it and swapped in only when complete)."""
    started = time.perf_counter()
    folder = folder.resolve()
    check_folder(folder)
    building = folder.parent / f".{folder.name}.building-{uuid.uuid4().hex[:8]}"
    building.mkdir(parents=True)
    try:
        exporter = StaticExporter(building, scope=scope, site_url=site_url, languages=languages)
        with _quiet_request_log():
            exporter.crawl(start)
            exporter.write()
        report = exporter.report
        (building / MANIFEST).write_text(
            json.dumps(
                {
                    **(manifest or {}),
                    "generated_at": datetime.datetime.now(datetime.UTC)
                    .replace(microsecond=0)
                    .isoformat(),
                    "languages": exporter.languages,
                    "site_url": exporter.site_url,
                    "pages": report.pages,
                    "files": report.files,
                    "failures": [list(f) for f in report.failures],
                },
                indent=2,
            ),
            encoding="utf-8",
        )
        _swap(building, folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    report.folder = folder
    report.seconds = time.perf_counter() - started
    return report


def _swap(building: Path, folder: Path) -> None:
    old = folder.parent / f".{folder.name}.old-{uuid.uuid4().hex[:8]}"
    if folder.exists():
        folder.rename(old)
    building.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
