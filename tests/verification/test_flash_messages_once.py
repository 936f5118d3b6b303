"""A one-time message shows once, in one place (issue 19): base.html renders the messages above
every page's content; the self-assessment and verification pages used to show them a second
time, in a list whose items axe reported (`listitem`: a list turned into a status region)."""

from __future__ import annotations

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client

from layakanak.accounts.models import User
from layakanak.evaluation.models import Submission
from tests.verification.conftest import logged_in

pytestmark = pytest.mark.django_db

TEXT = "Pesan sekali tampil"
REGION = "/evaluasi/2026/64.71/"
VERIFICATION = "/verifikasi-evaluasi/2026/64.71/"


def leave_message(client: Client) -> None:
    """What `messages.success(request, TEXT)` leaves for the next page (the cookie storage)."""
    storage = CookieStorage(HttpRequest())
    client.cookies[storage.cookie_name] = storage._encode([Message(constants.SUCCESS, TEXT)])


@pytest.mark.parametrize(
    ("person", "path"),
    [
        ("operator_balikpapan", REGION),
        ("operator_balikpapan", f"{REGION}indikator/1/"),
        ("operator_balikpapan", f"{REGION}kirim/"),
        ("verifier_kaltim", f"{VERIFICATION}tahap/VA/"),
        ("verifier_kaltim", f"{VERIFICATION}tahap/VA/kembalikan/"),
        ("central_admin", f"{VERIFICATION}lapangan/"),
    ],
)
def test_a_message_shows_once_on_the_work_pages(
    client: Client,
    submitted: Submission,
    person: str,
    path: str,
    request: pytest.FixtureRequest,
) -> None:
    user: User = request.getfixturevalue(person)
    logged_in(client, user)
    leave_message(client)
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(TEXT) == 1, path
    assert '<ul class="messages" role="status">' not in html
    # Read once: the next page shows it no more.
    assert TEXT not in client.get(path).content.decode()
