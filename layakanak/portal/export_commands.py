"""The command-line side of the static export, shared by the `export_static` and `publish`
commands (a command module never imports another one): the options, running the export of a
published cycle and describing what was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from layakanak.portal.cycle_export import export_cycle
from layakanak.portal.static_export import ExportRefused, ExportReport
from layakanak.results import queries


def add_export_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--site-url",
        default="",
        help="Address of the live site, for what only works there (default: SITE_URL)",
    )
    parser.add_argument(
        "--languages",
        default="",
        help="Comma-separated languages to render, the first at the root (default: id,en)",
    )


def run_export(command: BaseCommand, slug: str, folder: Path, options: dict[str, Any]) -> None:
    publication = queries.current_publication(slug)
    if publication is None:
        raise CommandError(f"Cycle {slug!r} has no published results.")
    languages = [code.strip() for code in options.get("languages", "").split(",") if code.strip()]
    try:
        report = export_cycle(
            publication,
            folder,
            site_url=options.get("site_url", ""),
            languages=languages or None,
        )
    except ExportRefused as exc:
        raise CommandError(str(exc)) from exc
    describe(command, report)


def describe(command: BaseCommand, report: ExportReport) -> None:
    command.stdout.write(
        f"Static export in {report.folder}: {report.pages} pages, {report.files} files "
        f"({report.assets} static assets), {report.bytes / 1_000_000:.1f} MB "
        f"in {report.seconds:.1f} s."
    )
    for language, path, status in report.failures:
        command.stderr.write(f"  not exported ({status}): [{language}] {path}")
