"""Issue 19, item 9: numbers a phone can call, inbox links that say which report they open, and
the complaint statuses explained in words a child understands."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from layakanak.core.templatetags.contact_links import contact_link, international, tel_link
from layakanak.regions.models import Region
from layakanak.services import actions
from layakanak.services.models import ReportStatus
from tests.evaluation.conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "dialled"),
    [
        ("0542-000000", "+62542000000"),
        ("(0542) 123 456", "+62542123456"),
        ("+62 811 0000 000", "+628110000000"),
        ("62811000000", "+62811000000"),
        ("129", "129"),
        ("lewat guru BK", ""),
    ],
)
def test_a_number_written_for_people_is_dialled_in_its_international_form(
    written: str, dialled: str
) -> None:
    assert international(written) == dialled


def test_free_text_keeps_its_words_and_links_its_numbers() -> None:
    assert str(contact_link("0812-3456-7890 Ibu Sari")) == (
        '<a href="tel:+6281234567890">0812-3456-7890</a> Ibu Sari'
    )
    assert str(contact_link("sari@contoh.id")) == (
        '<a href="mailto:sari@contoh.id">sari@contoh.id</a>'
    )
    assert contact_link("<b>guru BK</b>") == "<b>guru BK</b>"  # plain text: escaped when shown
    assert tel_link("<script>") == "<script>"


def test_the_directory_links_phone_and_whatsapp(client: Client, regions: None) -> None:
    actions.do_save_service(
        None,
        Region.objects.get(code="64.71"),
        {
            "kind": "puspaga",
            "name": "PUSPAGA Uji",
            "phone": "0542-000000",
            "whatsapp": "0811-0000-000",
            "active": True,
        },
        actor="test",
    )
    html = client.get(reverse("services:directory")).content.decode()
    assert '<a href="tel:+62542000000">0542-000000</a>' in html
    assert '<a href="https://wa.me/628110000000" rel="noopener">0811-0000-000</a>' in html


def test_each_inbox_link_names_its_report_and_the_detail_links_the_numbers(
    client: Client, officer_balikpapan, balikpapan_report
) -> None:
    report, _code = balikpapan_report
    actions.do_save_contact(
        Region.objects.get(code="64.71"),
        {"unit_name": "UPTD PPA Balikpapan", "phone": "0542-111111", "whatsapp": ""},
        actor="test",
    )
    logged_in(client, officer_balikpapan)
    inbox = client.get(reverse("services:inbox", kwargs={"code": "64.71"})).content.decode()
    link = re.search(r'<a href="[^"]*/laporan/[^"]*">(.*?)</a>', inbox)
    assert link is not None
    name = re.sub(r"<[^>]+>", "", link.group(1))
    assert name.startswith("Buka laporan yang diterima ")
    assert "(Diterima)" in name  # the status tells two reports of the same minute apart
    detail = client.get(reverse("services:report-detail", kwargs={"public_id": report.public_id}))
    html = detail.content.decode()
    assert '<a href="tel:+6281234567890">0812-3456-7890</a> Ibu Sari' in html
    assert '<a href="tel:+62542111111">0542-111111</a>' in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_status_page_explains_every_status_and_marks_the_report_s(
    client: Client, balikpapan_report, language: str
) -> None:
    report, code = balikpapan_report
    actions.do_change_report_status(
        report, ReportStatus.REFERRED_UPTD, "", actor="test", ip_address=None
    )
    response = client.post(f"{reverse('services:report-status')}?lang={language}", {"code": code})
    html = response.content.decode()
    steps = re.findall(r"<li[^>]*>\s*<strong>(.*?)</strong>", html)
    with translation.override(language):
        assert steps == [str(status.label) for status in ReportStatus]
        current = re.search(r'<li class="is-current" aria-current="step">\s*<strong>(.*?)<', html)
        assert current is not None
        assert current.group(1) == str(ReportStatus.REFERRED_UPTD.label)
    words = {
        "id": "tim pemerintah daerahmu yang melindungi anak",
        "en": "the team of your local government that protects children",
    }
    assert words[language] in html
