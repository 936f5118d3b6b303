"""Security headers on every page: a CSP without inline scripts, nosniff, referrer policy,
no framing; secure cookies and HSTS are switched on by settings behind HTTPS."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def _csp(response) -> dict[str, str]:
    directives = [d.strip() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d.split()[0]: d for d in directives}


@pytest.mark.parametrize("path", ["/", "/masuk/", "/wilayah/64.71/", "/api/v1/regions"])
def test_pages_send_a_strict_content_security_policy(client, regions, path):
    response = client.get(path)
    csp = _csp(response)
    assert csp["script-src"] == "script-src 'self'"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_has_an_inline_script_or_style_attribute():
    from pathlib import Path

    import layakanak

    templates = Path(layakanak.__file__).parent / "templates"
    for template in templates.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "<script" in line:
                assert "src=" in line or 'type="application/json"' in line, (template, line)
        assert " style=" not in text, template
        assert " onclick=" not in text and " onload=" not in text, template


def test_secure_cookies_and_hsts_follow_the_environment(monkeypatch):
    import importlib

    from layakanak import settings as project_settings

    monkeypatch.setenv("SECURE_COOKIES", "true")
    monkeypatch.setenv("HSTS_SECONDS", "31536000")
    monkeypatch.setenv("SECRET_KEY", "x")
    reloaded = importlib.reload(project_settings)
    try:
        assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
        assert reloaded.SECURE_HSTS_SECONDS == 31536000
        assert reloaded.SESSION_COOKIE_HTTPONLY
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)
