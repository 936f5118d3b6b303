from __future__ import annotations

import io

import openpyxl
import pytest
import yaml
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def test_instrument_list_shows_both_versions(client: Client, shipped_instruments: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/instrumen/").content.decode()
    assert "Instrumen Evaluasi KLA 2023" in html and "Instrumen Evaluasi KLA 2022" in html
    assert "rekonstruksi" in html
    assert len(queries) == 1


def test_instrument_list_without_instruments_says_how_to_load_one(client: Client) -> None:
    assert "layakanak load_instrument" in client.get("/instrumen/").content.decode()


def test_instrument_tree_shows_components_questions_points_and_evidence(
    client: Client, shipped_instruments: None
) -> None:
    response = client.get("/instrumen/kla-2023/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kelembagaan" in html and "Klaster V: Perlindungan Khusus" in html
    assert "Persentase anak yang memiliki kutipan akta kelahiran" in html
    assert "Data dukung" in html
    assert "Pratama" in html and "Paripurna" in html
    assert "Rekonstruksi." in html


def test_instrument_tree_in_english(client: Client, shipped_instruments: None) -> None:
    html = client.get("/instrumen/kla-2023/", {"lang": "en"}).content.decode()
    assert "Institutional strengthening" in html
    assert "Evidence (data dukung):" in html
    assert "Reconstruction." in html


def test_unknown_instrument_is_a_helpful_404(client: Client) -> None:
    response = client.get("/instrumen/kla-1999/")
    assert response.status_code == 404
    assert "kla-1999" in response.content.decode()


def test_downloads_are_the_instrument_itself(client: Client, shipped_instruments: None) -> None:
    response = client.get("/instrumen/kla-2022/unduh.yaml")
    assert response["Content-Disposition"] == 'attachment; filename="kla-2022.yaml"'
    assert yaml.safe_load(response.content)["slug"] == "kla-2022"
    response = client.get("/instrumen/kla-2022/unduh.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"KL", "K1", "K2", "K3", "K4", "K5", "KEC", "DES"} <= set(workbook.sheetnames)


def test_api_lists_instruments_with_a_fixed_number_of_queries(
    client: Client, shipped_instruments: None
) -> None:
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/instruments").json()
    assert [v["slug"] for v in body] == ["kla-2023", "kla-2022"]
    assert body[0]["total_points"] == "1000"
    assert body[0]["questions"] > 100
    assert len(queries) == 1


def test_api_returns_the_canonical_document(client: Client, shipped_instruments: None) -> None:
    body = client.get("/api/v1/instruments/kla-2023").json()
    assert body["document"]["schema"] == "layakanak-instrument/1"
    assert len(body["sha256"]) == 64


def test_api_unknown_instrument_is_a_json_404(client: Client) -> None:
    response = client.get("/api/v1/instruments/kla-1999")
    assert response.status_code == 404
    assert "kla-1999" in response.json()["detail"]
