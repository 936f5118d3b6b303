"""HEAD is answered wherever GET is (issue 19, item 10): every GET URL pattern of the access
matrix, sent HEAD, answers GET's status and content type, without content. Link checkers run
over the static export send HEAD to the live certificate pages; monitors send HEAD too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.http import FileResponse, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from layakanak.core.middleware import HeadAsGetMiddleware
from tests.accounts.conftest import log_in
from tests.accounts.test_access_matrix import EXPECTED, MINI_INSTRUMENT, project_url_names

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def mini_instrument(regions: None) -> None:
    call_command("load_instrument", str(MINI_INSTRUMENT), verbosity=0)


# A visitor sees the public pages; the central admin sees nearly every staff page.
@pytest.mark.parametrize("role", ["anonymous", "central_admin"])
def test_every_get_url_answers_head_as_it_answers_get(
    role: str, request: pytest.FixtureRequest, mini_instrument: None
) -> None:
    client = Client()
    if role != "anonymous":
        log_in(client, request.getfixturevalue(role))
    known = project_url_names()
    wrong = []
    checked = 0
    for name, entry in EXPECTED.items():
        if entry.method != "get" or name not in known:
            continue
        kwargs = entry.kwargs() if callable(entry.kwargs) else entry.kwargs
        url = reverse(name, kwargs=kwargs)
        head = client.head(url)
        get = client.get(url)
        checked += 1
        if head.status_code != get.status_code or head.status_code == 405:
            wrong.append(f"HEAD {url}: {head.status_code}, GET {get.status_code}")
        elif head.get("Content-Type") != get.get("Content-Type"):
            wrong.append(f"HEAD {url}: {head.get('Content-Type')}, GET {get.get('Content-Type')}")
        elif b"".join(head.streaming_content if head.streaming else [head.content]):
            wrong.append(f"HEAD {url}: has content")
    assert wrong == [], "\n".join(wrong)
    assert checked > 60  # the table's GET entries, not an empty walk


def test_the_certificate_check_and_the_api_answer_head(client: Client, regions: None) -> None:
    for url in ("/verifikasi/", "/verifikasi/ZZZZZZZZZZZZ/", "/api/v1/regions/64.71"):
        assert client.head(url).status_code == client.get(url).status_code != 405, url
    assert client.head("/api/v1/regions/64.71")["Content-Type"].startswith("application/json")


def test_head_keeps_the_content_length_of_get() -> None:
    def view(request: Any) -> HttpResponse:
        assert request.method == "GET"  # the view answers as for GET
        return HttpResponse(b"x" * 1234)

    request = RequestFactory().head("/")
    response = HeadAsGetMiddleware(view)(request)
    assert request.method == "HEAD"  # the request log records what the client sent
    assert response.content == b""
    assert response["Content-Length"] == "1234"


def test_head_of_a_file_sends_no_file(tmp_path: Path) -> None:
    path = tmp_path / "piagam.pdf"
    path.write_bytes(b"%PDF-1.4 " + b"0" * 5000)

    def view(request: Any) -> FileResponse:
        return FileResponse(path.open("rb"), content_type="application/pdf")

    response = HeadAsGetMiddleware(view)(RequestFactory().head("/piagam.pdf"))  # type: ignore[arg-type]
    assert response["Content-Length"] == "5009"
    assert b"".join(response.streaming_content) == b""  # type: ignore[attr-defined]
    response.close()
