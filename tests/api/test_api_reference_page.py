"""The API reference at /api/v1/docs (issue 19): the OpenAPI document rendered on the server, in
the site's layout and both languages, without JavaScript (it replaces ninja's Swagger UI)."""

from __future__ import annotations

import itertools
import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from layakanak.api.reference import operation_anchor
from layakanak.api.reference_types import constraints, example_value, type_html

DOCS = "/api/v1/docs"


class Outline(HTMLParser):
    """The headings (level, id, text), ids, in-page links and scripts of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str, str]] = []
        self.ids: set[str] = set()
        self.fragment_links: list[str] = []
        self.scripts = 0
        self._heading: tuple[int, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        href = attributes.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.fragment_links.append(href[1:])
        if tag == "script":
            self.scripts += 1
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), attributes.get("id") or "")
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._heading and tag == f"h{self._heading[0]}":
            text = re.sub(r"\s+", " ", "".join(self._text)).strip()
            self.headings.append((*self._heading, text))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text.append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def page(client: Client, language: str = "en") -> str:
    response = client.get(DOCS, {"lang": language})
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The text a reader sees: blocks and cells apart, inline elements (code, links) in place."""
    blocks = re.sub(r"</?(?:br|p|li|ul|td|th|tr|dt|dd|div|pre|h\d)\b[^>]*>", " ", html)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", blocks))).strip()


def operation_html(html: str, method: str, path: str) -> str:
    start = html.index(f'id="{operation_anchor(method, path)}"')
    end = html.find('<section class="api-', start)
    return html[start : end if end > 0 else len(html)]


def row_of(html: str, name: str) -> str:
    start = html.index(f'<th scope="row"><code>{name}</code></th>')
    return text_of(html[start : html.index("</tr>", start)])


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").json()  # type: ignore[no-any-return]


def test_the_reference_lists_every_operation_of_the_document(
    client: Client, document: dict[str, Any]
) -> None:
    expected = {
        (operation_anchor(method, path), f"{method.upper()} {path}")
        for path, item in document["paths"].items()
        for method in item
    }
    listed = {
        (anchor, text) for level, anchor, text in outline(page(client)).headings if level == 3
    }
    assert expected <= listed
    assert len(expected) == 10


def test_a_parameter_shows_its_type_constraints_and_default(client: Client) -> None:
    regions = operation_html(page(client), "get", "/api/v1/regions")
    assert row_of(regions, "page_size") == (
        "page_size query string integer no minimum 1 maximum 500 100 Rows a page, 1 to 500"
    )
    assert "maximum length 13" in row_of(regions, "parent")
    assert r"pattern ^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$" in row_of(regions, "parent")
    # An enum behind a $ref is spelled out where the parameter is, and links to its schema.
    assert "one of: province, regency, district, village" in row_of(regions, "level")
    assert 'href="#schema-RegionLevel"' in regions


def test_the_constraints_are_in_indonesian_on_the_indonesian_page(client: Client) -> None:
    regions = operation_html(page(client, "id"), "get", "/api/v1/regions")
    assert row_of(regions, "page_size").startswith("page_size query string integer tidak")
    assert "maksimum 500" in row_of(regions, "page_size")
    assert "panjang maksimum 13" in row_of(regions, "parent")
    assert "pola ^" in row_of(regions, "parent")


def test_answers_show_status_content_type_and_a_link_to_their_schema(client: Client) -> None:
    boundary = operation_html(page(client), "get", "/api/v1/regions/{code}/boundary")
    assert row_of(boundary, "200").startswith("200 application/geo+json BoundaryOut OK")
    assert 'href="#schema-BoundaryOut"' in boundary
    assert "ETag: Version of the answer" in row_of(boundary, "200")
    assert row_of(boundary, "304").startswith("304 no body")
    assert row_of(boundary, "414").startswith("414 text/html string URI Too Long")


def test_every_schema_has_a_section_and_every_in_page_link_a_target(
    client: Client, document: dict[str, Any]
) -> None:
    found = outline(page(client))
    assert {f"schema-{name}" for name in document["components"]["schemas"]} <= found.ids
    assert found.fragment_links
    assert not [target for target in found.fragment_links if target not in found.ids]


def test_a_schema_lists_its_fields_with_types_and_whether_they_are_required(
    client: Client,
) -> None:
    html = page(client)
    start = html.index('id="schema-RegionPageOut"')
    schema = html[start : html.index('<section class="api-schema">', start)]
    assert row_of(schema, "next") == "next string or null yes –"
    assert row_of(schema, "results") == "results list of RegionOut yes –"
    assert 'href="#schema-RegionOut"' in schema


def test_get_examples_are_links_built_from_the_documents_examples(client: Client) -> None:
    html = page(client)
    instrument = operation_html(html, "get", "/api/v1/instruments/{slug}")
    url = "http://testserver/api/v1/instruments/kla-2023"
    assert f'<a href="{url}"><code>{url}</code></a>' in instrument
    # A region code has three named examples: one link each, named.
    region = text_of(operation_html(html, "get", "/api/v1/regions/{code}"))
    assert region.endswith(
        "Example requests Kecamatan Balikpapan Timur: http://testserver/api/v1/regions/64.71.01"
        " Kalimantan Timur: http://testserver/api/v1/regions/64"
        " Kota Balikpapan: http://testserver/api/v1/regions/64.71"
    )
    # Optional parameters without an example are left out.
    assert '<a href="http://testserver/api/v1/regions">' in operation_html(
        html, "get", "/api/v1/regions"
    )


def test_the_post_example_is_a_curl_line_with_a_body_of_the_schema(client: Client) -> None:
    point = text_of(operation_html(page(client), "post", "/api/v1/regency-at-point"))
    assert (
        "curl -X POST -H 'Content-Type: application/json' --data "
        """'{"latitude": -1.2379, "longitude": 116.8529}' http://testserver/api/v1/regency-at-point"""
    ) in point
    assert "Request body Content type application/json Schema PointIn Required yes" in point


def test_the_page_speaks_the_visitors_language_and_marks_the_documents_english(
    client: Client,
) -> None:
    indonesian = page(client, "id")
    assert '<html lang="id">' in indonesian
    assert "<h1>Dokumentasi API</h1>" in indonesian
    assert '<p class="api-summary" lang="en">List and search regions</p>' in indonesian
    english = page(client, "en")
    assert '<html lang="en">' in english
    assert "<h1>API documentation</h1>" in english


def test_the_page_needs_no_javascript_and_is_not_swagger(client: Client) -> None:
    html = page(client)
    assert outline(html).scripts == 0
    assert "swagger" not in html.lower()
    assert 'href="/api/v1/openapi.json"' in html
    assert "<code>http://testserver/api/v1</code>" in html  # the base URL


def test_headings_go_down_one_level_at_a_time(client: Client) -> None:
    levels = [level for level, _anchor, _text in outline(page(client)).headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after - before <= 1 for before, after in itertools.pairwise(levels))


def test_anyone_can_read_it_and_head_is_answered(client: Client) -> None:
    assert client.get(DOCS).status_code == 200
    response = client.head(DOCS)
    assert response.status_code == 200
    assert response.content == b""


# --- JSON Schema in words ------------------------------------------------------------------


@pytest.fixture
def english() -> Any:
    with translation.override("en"):
        yield


def test_a_type_in_words(english: None) -> None:
    assert type_html({"anyOf": [{"type": "string"}, {"type": "null"}]}) == (
        "<code>string</code> or <code>null</code>"
    )
    assert type_html({"type": "array", "items": {"$ref": "#/components/schemas/BandOut"}}) == (
        'list of <a href="#schema-BandOut"><code>BandOut</code></a>'
    )
    assert type_html({"type": "string", "format": "date"}) == "<code>string</code> (date)"
    assert type_html({}) == "any JSON value"


def test_constraints_in_words(english: None) -> None:
    schemas = {"Level": {"enum": ["a", "b"], "type": "string"}}
    assert constraints({"$ref": "#/components/schemas/Level"}, schemas) == [
        "one of: <code>a</code>, <code>b</code>"
    ]
    assert constraints({"type": "number", "exclusiveMinimum": 0, "maxItems": 1}, {}) == [
        "greater than <code>0</code>",
        "at most <code>1</code> item",
    ]
    assert constraints({"const": "Feature"}, {}) == ["always <code>Feature</code>"]


def test_an_example_value_stays_within_the_schema(english: None) -> None:
    point = {
        "type": "object",
        "properties": {
            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
            "zoom": {"type": "integer", "minimum": 3},
            "level": {"type": "string", "enum": ["province"]},
            "tags": {"type": "array", "items": {"type": "string", "example": "x"}},
        },
    }
    assert example_value(point, {}) == {
        "latitude": 0,
        "zoom": 3,
        "level": "province",
        "tags": ["x"],
    }
    assert example_value({"type": "integer", "exclusiveMaximum": -5}, {}) == -6
