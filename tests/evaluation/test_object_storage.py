"""Uploaded files in S3-compatible object storage (`MEDIA_STORAGE=s3`, django-storages' S3Storage).

The bucket is moto's in-process S3: boto3's calls are answered locally, with S3's semantics.
The whole evidence protocol runs against it through the pages: chunks stored as parts, joined,
checked and stored as one object, streamed back only through the permission-checked view, and
nothing written to the local media folder."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.test import Client
from moto import mock_aws

from layakanak.evaluation.models import Submission
from tests.evaluation.conftest import logged_in
from tests.evaluation.fixtures_evidence import make_pdf, make_png
from tests.evaluation.test_evidence_views import put, start, streamed, url

pytestmark = pytest.mark.django_db

BUCKET = "layakanak-bukti"


@pytest.fixture
def bucket(settings: Any, tmp_path: Path) -> Iterator[Any]:
    """A private bucket in moto's S3, and Django's default storage pointed at it (the storage
    options are the ones `MEDIA_STORAGE=s3` sets in layakanak/settings.py)."""
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty
    with mock_aws():
        client = boto3.client(
            "s3",
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "region_name": "us-east-1",
                    "access_key": "test",
                    "secret_key": "test",
                    "location": "layakanak",
                    "default_acl": None,
                    "querystring_auth": True,
                    "file_overwrite": False,
                },
            },
        }
        yield client


def objects(client: Any) -> dict[str, int]:
    listed = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"]: item["Size"] for item in listed}


def test_a_chunked_upload_is_stored_in_the_bucket_and_served_through_the_view(
    client: Client,
    balikpapan: Submission,
    operator_balikpapan,
    bucket: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    logged_in(client, operator_balikpapan)
    content = make_pdf(padding=2_300_000)  # three 1 MB chunks
    state = start(client, balikpapan, len(content)).json()
    step = state["chunk_size"]
    for offset in range(0, len(content), step):
        answer = put(client, state["chunk_url"], offset, content[offset : offset + step])
        assert answer.status_code == 200, answer.content
    # While the upload is open, its parts are objects in the bucket.
    assert sum(objects(bucket).values()) == len(content)
    with django_capture_on_commit_callbacks(execute=True):  # the parts go once it commits
        finished = client.post(state["finish_url"])
    assert finished.status_code == 201, finished.content
    file = finished.json()["file"]
    assert file["sha256"] == hashlib.sha256(content).hexdigest()
    # One object remains: the file, under the storage's prefix; the parts are gone.
    stored = objects(bucket)
    assert list(stored.values()) == [len(content)]
    key = next(iter(stored))
    assert key.startswith("layakanak/")
    body = bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert hashlib.sha256(body).hexdigest() == file["sha256"]
    # Served only through the permission-checked view, streamed from the bucket.
    download = client.get(file["download_url"])
    assert download.status_code == 200 and streamed(download) == content
    other = Client()
    assert other.get(file["download_url"]).status_code in (302, 404)
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*"))


def test_a_refused_file_leaves_nothing_in_the_bucket(
    client: Client, balikpapan: Submission, operator_balikpapan, bucket: Any
) -> None:
    logged_in(client, operator_balikpapan)
    content = make_png()  # "regulasi" accepts PDF only: refused when the content is checked
    state = start(client, balikpapan, len(content), name="perda.pdf").json()
    refused = put(client, state["chunk_url"], 0, content)
    assert refused.status_code == 415, refused.content
    assert objects(bucket) == {}
    workspace = client.get(url("indicator", balikpapan, "1"))
    assert workspace.status_code == 200


def _settings_in_a_subprocess(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("S3_", "MEDIA_"))},
        "DJANGO_SETTINGS_MODULE": "layakanak.settings",
        "SECRET_KEY": "x",
        "DATABASE_URL": "",
        **env,
    }
    code = (
        "import django; django.setup(); "
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, "
        "getattr(s, 'bucket_name', ''), getattr(s, 'endpoint_url', ''), getattr(s, 'location', ''))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


def test_the_environment_chooses_the_storage() -> None:
    local = _settings_in_a_subprocess()
    assert local.returncode == 0, local.stderr
    assert local.stdout.split()[0] == "FileSystemStorage"
    s3 = _settings_in_a_subprocess(
        MEDIA_STORAGE="s3",
        S3_BUCKET="kla-bukti",
        S3_ENDPOINT_URL="http://minio.internal:9000",
        S3_PREFIX="produksi",
    )
    assert s3.returncode == 0, s3.stderr
    assert s3.stdout.split() == ["S3Storage", "kla-bukti", "http://minio.internal:9000", "produksi"]
    no_bucket = _settings_in_a_subprocess(MEDIA_STORAGE="s3")
    assert no_bucket.returncode != 0 and "S3_BUCKET" in no_bucket.stderr
    unknown = _settings_in_a_subprocess(MEDIA_STORAGE="ftp")
    assert unknown.returncode != 0 and "MEDIA_STORAGE" in unknown.stderr
