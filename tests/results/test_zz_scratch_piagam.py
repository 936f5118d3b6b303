import pytest
from pathlib import Path
from layakanak.results.documents import annex_pdf, annex_xlsx, build_annex
from layakanak.results.certificates import content_of, render_certificate
from layakanak.results.certificate_actions import do_issue_certificate
from layakanak.regions.models import Region
from tests.results.fixtures_certificates import *  # noqa

pytestmark = pytest.mark.django_db

def test_dump(published, central_admin):
    out = Path("/tmp/piagam"); out.mkdir(exist_ok=True)
    (out / "annex.pdf").write_bytes(annex_pdf(build_annex(published)))
    (out / "annex.xlsx").write_bytes(annex_xlsx(build_annex(published)))
    c = do_issue_certificate(published, Region.objects.get(code="64.71"), "utama", actor=central_admin)
    (out / "cert.pdf").write_bytes(Path(c.file if c.file.startswith("/") else __import__("django.conf").conf.settings.MEDIA_ROOT / c.file).read_bytes())
    p = do_issue_certificate(published, Region.objects.get(code="65"), "provila", actor=central_admin)
    (out / "prov.pdf").write_bytes((__import__("django.conf").conf.settings.MEDIA_ROOT / p.file).read_bytes())
    q = do_issue_certificate(published, Region.objects.get(code="65.02"), "pratama", actor=central_admin)
    (out / "pratama.pdf").write_bytes((__import__("django.conf").conf.settings.MEDIA_ROOT / q.file).read_bytes())
