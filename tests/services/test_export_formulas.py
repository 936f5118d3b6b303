"""Issue 18, item 4: the public CSV exports of the child services never hand a spreadsheet a
formula typed into a name."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from layakanak.lib.spreadsheet import is_formula_like
from layakanak.regions.models import Region
from layakanak.services import actions

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example","RBRA")'


def test_the_rbra_export_neutralises_a_formula_in_a_playground_name(client: Client, regions):
    district = Region.objects.get(code="64.71.05")
    actions.do_save_playground(
        None,
        district.parent,
        {"district": district, "name": FORMULA, "latitude": "-1.27", "longitude": "116.83"},
        actor="test",
    )
    response = client.get(reverse("services:playgrounds-csv"))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["playground"] == "'" + FORMULA
    assert rows[0]["latitude"] == "-1.270000"  # numbers stay numbers
    assert not any(is_formula_like(value) for row in rows for value in row.values())
