"""Health check used by load balancers and monitoring."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor


def check_health() -> tuple[bool, dict[str, str]]:
    """Whether the database answers and every migration is applied, with a reason per check."""
    checks: dict[str, str] = {}
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
        checks["migrations"] = "unknown"
        return False, checks
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    checks["migrations"] = "ok" if not pending else f"{len(pending)} pending"
    return not pending, checks
