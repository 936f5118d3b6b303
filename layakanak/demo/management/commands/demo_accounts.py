"""`layakanak demo_accounts`: one account per role for trying the platform (demo only).

Refuses to run unless LAYAKANAK_DEMO or DEBUG is on: the passwords and the two-factor secret
(layakanak/demo/accounts.py) are public, printed in the README and on the console.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from layakanak.demo.accounts import ensure_demo_accounts, print_accounts
from layakanak.regions.models import Region


class Command(BaseCommand):
    help = "Create one demo account per role with demo-only passwords (demo mode only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError(
                "demo_accounts runs only with LAYAKANAK_DEMO=1 or DEBUG=1 (public passwords)."
            )
        if not Region.objects.filter(code="64.71").exists():
            raise CommandError("Load the regions first: layakanak load_regions")
        print_accounts(self.stdout.write, self.style, ensure_demo_accounts())
