"""RBRA photos: upload with the no-identifiable-child confirmation, metadata stripped by
re-encoding, refusals, removal with confirmation, public serving, and who may do what."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

from layakanak.accounts.models import User
from layakanak.audit.models import AuditEvent
from layakanak.regions.models import Region
from layakanak.services import actions, photos
from layakanak.services.actions import photos as photo_actions
from layakanak.services.models import Playground, PlaygroundPhoto
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploaded photos go to a temporary folder (Django storage follows the setting)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def playground(regions: None) -> Playground:
    return actions.do_save_playground(
        None,
        Region.objects.get(code="64.71"),
        {
            "district": Region.objects.get(code="64.71.05"),
            "name": "RBRA Taman Bekapai",
            "latitude": "-1.2700",
            "longitude": "116.8300",
            "requirements_met": [1, 2, 3],
            "certification": "in_process",
        },
        actor="test",
    )


def jpeg_with_gps(width: int = 300, height: int = 200, orientation: int | None = None) -> bytes:
    """A real JPEG as a phone makes it: camera make and model, and where it was taken."""
    image = Image.new("RGB", (width, height), (90, 160, 70))
    image.paste((230, 80, 60), (0, 0, width // 2, height // 4))  # a mark to see the rotation
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "S"
    gps[2] = (1.0, 16.0, 12.0)
    gps[3] = "E"
    gps[4] = (116.0, 49.0, 48.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "diambil di rumah Budi, Jl. Mawar 3")
    out = io.BytesIO()
    Image.new("RGBA", (120, 80), (10, 120, 200, 255)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def upload(
    client: Client,
    playground: Playground,
    content: bytes,
    *,
    name: str = "IMG_2041.jpg",
    confirmed: bool = True,
    caption: str = "Perosotan dari gerbang",
) -> Any:
    data: dict[str, Any] = {
        "photo": SimpleUploadedFile(name, content, content_type="image/jpeg"),
        "caption": caption,
    }
    if confirmed:
        data["no_identifiable_child"] = "on"
    return client.post(reverse("services:playground-photo-upload", args=[playground.pk]), data)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_source_jpeg_really_carries_gps_metadata():
    exif = Image.open(io.BytesIO(jpeg_with_gps())).getexif()
    assert exif.get_ifd(GPS_IFD)[1] == "S" and exif[0x010F] == "PhoneMaker"


def test_the_officer_uploads_a_photo_and_its_gps_and_camera_data_are_stripped(
    client: Client, media: Path, playground: Playground, officer_balikpapan: User
):
    logged_in(client, officer_balikpapan)
    response = upload(client, playground, jpeg_with_gps(orientation=6))
    assert response.status_code == 302
    photo = PlaygroundPhoto.objects.get(playground=playground)
    assert photo.content_type == "image/jpeg" and photo.caption == "Perosotan dari gerbang"
    assert photo.uploaded_by == officer_balikpapan
    assert "IMG_2041" not in photo.image.name and "IMG_2041" not in photo.thumbnail.name
    for name in (photo.image.name, photo.thumbnail.name):
        raw = (media / name).read_bytes()
        assert b"Exif" not in raw and b"PhoneMaker" not in raw
        stored = Image.open(io.BytesIO(raw))
        assert stored.format == "JPEG"
        assert len(stored.getexif()) == 0
        assert stored.getexif().get_ifd(GPS_IFD) == {}
        assert "exif" not in stored.info
    # The orientation tag was applied to the pixels before it was dropped: portrait now.
    assert (photo.width, photo.height) == (200, 300)
    event = AuditEvent.objects.get(action="services.playground_photo_added")
    assert event.after["no_identifiable_child_confirmed"] is True
    assert event.after["metadata_stripped"] is True
    assert event.object_id == str(photo.public_id)


def test_png_text_chunks_are_stripped_too(
    client: Client, media: Path, playground: Playground, officer_balikpapan: User
):
    logged_in(client, officer_balikpapan)
    assert upload(client, playground, png_with_text(), name="taman.png").status_code == 302
    photo = PlaygroundPhoto.objects.get()
    raw = (media / photo.image.name).read_bytes()
    assert photo.content_type == "image/png" and b"Mawar" not in raw and b"tEXt" not in raw


def test_nothing_is_stored_without_the_no_identifiable_child_confirmation(
    client: Client, media: Path, playground: Playground, officer_balikpapan: User
):
    logged_in(client, officer_balikpapan)
    response = upload(client, playground, jpeg_with_gps(), confirmed=False)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Foto tidak disimpan" in page
    assert "Foto ini tidak memperlihatkan anak yang dapat dikenali" in page
    assert not PlaygroundPhoto.objects.exists()
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(action="services.playground_photo_added").exists()


def test_the_action_itself_refuses_without_the_confirmation(
    media: Path, playground: Playground, officer_balikpapan: User
):
    content = jpeg_with_gps()
    with pytest.raises(actions.ServiceRefused):
        actions.do_add_playground_photo(
            playground,
            io.BytesIO(content),
            len(content),
            caption="",
            no_identifiable_child=False,
            actor=officer_balikpapan,
        )
    assert not PlaygroundPhoto.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "taman.jpg", "bukan foto"),
        (b"MZ\x90\x00 not a photo at all", "taman.png", "bukan foto"),
        (jpeg_with_gps()[: len(jpeg_with_gps()) // 2], "terpotong.jpg", "rusak"),
    ],
    ids=["pdf-named-jpg", "program-named-png", "cut-off-jpeg"],
)
def test_a_file_that_is_not_a_good_photo_is_refused_by_its_content(
    client: Client,
    media: Path,
    playground: Playground,
    officer_balikpapan: User,
    content: bytes,
    name: str,
    message: str,
):
    logged_in(client, officer_balikpapan)
    response = upload(client, playground, content, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlaygroundPhoto.objects.exists() and stored_files(media) == []


def test_a_gif_is_refused_even_though_it_is_an_image(
    client: Client, media: Path, playground: Playground, officer_balikpapan: User
):
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    logged_in(client, officer_balikpapan)
    response = upload(client, playground, out.getvalue(), name="taman.jpg")
    assert response.status_code == 400 and "GIF" in response.content.decode()
    assert not PlaygroundPhoto.objects.exists()


def test_a_photo_over_the_size_limit_is_refused(
    client: Client,
    media: Path,
    playground: Playground,
    officer_balikpapan: User,
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(photos, "MAX_BYTES", 1000)
    logged_in(client, officer_balikpapan)
    response = upload(client, playground, jpeg_with_gps(600, 400))
    assert response.status_code == 400 and "terlalu besar" in response.content.decode()
    assert not PlaygroundPhoto.objects.exists()


def add_photo(playground: Playground, actor: Any = "test") -> PlaygroundPhoto:
    content = jpeg_with_gps()
    return actions.do_add_playground_photo(
        playground,
        io.BytesIO(content),
        len(content),
        caption="Ayunan",
        no_identifiable_child=True,
        actor=actor,
    )


def test_the_public_rbra_page_shows_thumbnails_served_from_storage(
    client: Client, media: Path, playground: Playground
):
    photo = add_photo(playground)
    page = client.get(reverse("services:playgrounds") + "?wilayah=64.71").content.decode()
    thumbnail = reverse("services:playground-photo-thumbnail", args=[photo.public_id])
    assert f'src="{thumbnail}"' in page and 'alt="Ayunan"' in page
    response = client.get(thumbnail)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "public" in response["Cache-Control"]
    served = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert max(served.size) <= photos.THUMBNAIL_EDGE
    full = client.get(reverse("services:playground-photo", args=[photo.public_id]))
    assert full.status_code == 200


def test_the_officer_removes_a_photo_after_confirming(
    client: Client,
    media: Path,
    playground: Playground,
    officer_balikpapan: User,
    django_capture_on_commit_callbacks: Any,
):
    photo = add_photo(playground)
    files = stored_files(media)
    assert len(files) == 2
    logged_in(client, officer_balikpapan)
    url = reverse("services:playground-photo-remove", args=[photo.public_id])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ya, hapus foto" in confirm.content.decode()
    assert PlaygroundPhoto.objects.filter(pk=photo.pk).exists()  # asking removes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert not PlaygroundPhoto.objects.filter(pk=photo.pk).exists()
    assert stored_files(media) == []
    event = AuditEvent.objects.get(action="services.playground_photo_removed")
    assert event.object_id == str(photo.public_id) and event.actor_id == officer_balikpapan.pk
    gone = client.get(reverse("services:playground-photo", args=[photo.public_id]))
    assert gone.status_code == 404


def test_the_operator_and_the_central_admin_may_add_photos(
    client: Client,
    media: Path,
    playground: Playground,
    operator_balikpapan: User,
    central_admin: User,
):
    for person in (operator_balikpapan, central_admin):
        logged_in(client, person)
        assert upload(client, playground, jpeg_with_gps()).status_code == 302
    assert PlaygroundPhoto.objects.count() == 2


def test_staff_of_another_region_can_neither_add_nor_remove_photos(
    client: Client, media: Path, playground: Playground, officer_samarinda: User
):
    photo = add_photo(playground)
    logged_in(client, officer_samarinda)
    assert upload(client, playground, jpeg_with_gps()).status_code == 404
    url = reverse("services:playground-photo-remove", args=[photo.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert client.get(reverse("services:playground-edit", args=[playground.pk])).status_code == 404
    assert PlaygroundPhoto.objects.count() == 1


def test_the_public_can_neither_add_nor_remove_photos(
    client: Client, media: Path, playground: Playground
):
    photo = add_photo(playground)
    response = upload(client, playground, jpeg_with_gps())
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    url = reverse("services:playground-photo-remove", args=[photo.public_id])
    assert "/masuk/" in client.post(url)["Location"]
    assert PlaygroundPhoto.objects.count() == 1


def test_a_playground_takes_at_most_its_photo_limit(
    media: Path, playground: Playground, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(photo_actions, "MAX_PHOTOS_PER_PLAYGROUND", 1)
    add_photo(playground)
    with pytest.raises(actions.ServiceRefused):
        add_photo(playground)
    assert PlaygroundPhoto.objects.count() == 1 and len(stored_files(media)) == 2


def test_the_staff_page_warns_against_identifiable_children(
    client: Client, playground: Playground, officer_balikpapan: User
):
    logged_in(client, officer_balikpapan)
    page = client.get(reverse("services:playground-edit", args=[playground.pk])).content.decode()
    assert "Jangan mengunggah foto yang memperlihatkan anak yang dapat dikenali" in page
    assert 'name="no_identifiable_child"' in page and 'enctype="multipart/form-data"' in page
