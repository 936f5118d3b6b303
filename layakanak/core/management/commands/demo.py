from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prepare the demonstration: regions, instruments, the 2026 cycle and accounts (idempotent)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Loading Indonesia's regions and boundaries ...")
        call_command("load_regions", stdout=self.stdout)
        self.stdout.write("Loading the shipped evaluation instruments ...")
        call_command("load_instrument", "--shipped", stdout=self.stdout)
        self.stdout.write("Creating the open demo cycle 2026 (answers, evidence, submissions) ...")
        call_command("demo_evaluation", stdout=self.stdout)
        self.stdout.write("Moving submitted regions through verification and decisions ...")
        call_command("demo_verification", stdout=self.stdout)
        call_command("demo_services", stdout=self.stdout)  # child services (issue 9)
        self.stdout.write("Creating one demo account per role ...")
        call_command("demo_accounts", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS("Demo ready: open http://127.0.0.1:8000/wilayah/64.71/")
        )
