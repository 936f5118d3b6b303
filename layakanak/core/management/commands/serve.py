from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))

    def handle(self, *args: Any, **options: Any) -> None:
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Serving Layak Anak at http://{bind}/ (Ctrl+C to stop)")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "layakanak.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            # Threads let a worker answer other requests while one waits for the database or a
            # slow client; processes (one per core) give the parallelism.
            "--worker-class",
            "gthread",
            "--threads",
            str(options["threads"]),
            "--graceful-timeout",
            "5",
        ]
        os.execv(sys.executable, argv)  # noqa: S606  (replaces this process with gunicorn)
