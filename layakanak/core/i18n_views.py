"""The language switch (the header's ID/EN buttons) without a CSRF token.

Django's `set_language` only stores the visitor's choice in the language cookie and redirects to
a same-site `next`; a forged request can do no more than switch someone's language. Without the
token, the public pages carry nothing specific to one visitor, so their rendered responses can be
kept and shared (layakanak/portal/page_cache.py) and cached by nginx or a CDN.
"""

from __future__ import annotations

from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language as django_set_language

set_language = csrf_exempt(django_set_language)
