from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from layakanak.portal.national_geometry import SOURCE, TARGET, national_topojson


class Command(BaseCommand):
    help = (
        "Derive the national map's light geometry (static/geo/indonesia_national.topojson) "
        "from the shipped boundaries (static/geo/indonesia_admin.topojson): islands smaller "
        "than the national view shows are left out and the arcs simplified. Run it after the "
        "boundaries change; a test checks that the shipped file is up to date."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        text = national_topojson(SOURCE)
        TARGET.write_text(text, encoding="utf-8")
        self.stdout.write(f"{TARGET}: {len(text.encode())} bytes")
