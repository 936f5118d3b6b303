"""The `layakanak` console script: Django management with the project's settings."""

from __future__ import annotations

import os
import sys

# A configuration error is the operator's to fix, not a bug: it ends with its message alone on
# stderr and this exit status (2, as argparse uses for a bad command line), never a traceback.
CONFIGURATION_ERROR_STATUS = 2


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layakanak.settings")
    from django.core.management import execute_from_command_line

    from layakanak.lib.env import ConfigurationError

    try:
        execute_from_command_line(argv if argv is not None else sys.argv)
    except ConfigurationError as error:
        sys.stderr.write(f"layakanak: {error}\n")
        sys.exit(CONFIGURATION_ERROR_STATUS)


if __name__ == "__main__":
    main()
