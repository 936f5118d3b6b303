"""Migration state of a backup: which migrations a database has applied, the models (tables and
columns) at that state, and bringing an empty database to a given state.

A backup is written with the *historical* models of the migrations the database has applied, not
with the models of the installed code: a backup taken during an upgrade (new code installed,
`migrate` not yet run) describes the database as it is. A restore loads the archive with the
models of the archive's own state, then applies the newer migrations of the code, so that an
older archive can be restored into a newer version of the platform.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

Node = tuple[str, str]
Models = list[type[models.Model]]

# Sessions are not kept: they expire within the hour and a restore logs everybody out.
NOT_BACKED_UP = frozenset({"sessions.session"})


class StateError(Exception):
    """A migration state that the installed code cannot handle, with the reason."""


def _format(nodes: Iterable[Node]) -> str:
    names = sorted(f"{app}.{name}" for app, name in nodes)
    shown = ", ".join(names[:8])
    return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def state_as_dict(nodes: Iterable[Node]) -> dict[str, list[str]]:
    """Applied migrations as {app label: [migration names]} (the manifest's form)."""
    result: dict[str, list[str]] = {}
    for app, name in sorted(nodes):
        result.setdefault(app, []).append(name)
    return result


def state_from_dict(state: dict[str, list[str]]) -> set[Node]:
    return {(app, name) for app, names in state.items() for name in names}


def applied_nodes(connection: BaseDatabaseWrapper) -> tuple[MigrationLoader, set[Node]]:
    """The migrations the database has applied, restricted to the installed apps; refused when
    the database knows migrations the code does not have (it was migrated by a newer version)."""
    loader = MigrationLoader(connection)
    applied = {node for node in loader.applied_migrations if node[0] in loader.migrated_apps}
    unknown = applied - set(loader.graph.nodes)
    if unknown:
        raise StateError(
            "The database has migrations that this version of the platform does not have "
            f"({_format(unknown)}): it was migrated by a newer version. Use that version."
        )
    return loader, applied


def newer_than_code(loader: MigrationLoader, nodes: set[Node]) -> set[Node]:
    """The migrations of an archive that the installed code does not have."""
    return {node for node in nodes if node not in loader.graph.nodes}


def _leaves(loader: MigrationLoader, nodes: set[Node]) -> list[Node]:
    """The last migration of each app within `nodes` (what `migrate` would target)."""
    leaves = []
    for node in nodes:
        children = loader.graph.node_map[node].children
        if not any(child in nodes and child[0] == node[0] for child in children):
            leaves.append(node)
    return sorted(leaves)


def models_at(loader: MigrationLoader, nodes: set[Node]) -> Models:
    """The concrete tables at a migration state, as historical models (sorted by label).

    Fields with `auto_now`/`auto_now_add` are switched off on these copies, so that loading a
    row keeps its recorded time instead of the time of the restore.
    """
    if not nodes:
        return []
    state = loader.project_state(nodes=_leaves(loader, nodes), at_end=True)
    found: Models = []
    for model in state.apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped or meta.label_lower in NOT_BACKED_UP:
            continue
        if meta.parents:
            raise StateError(f"{meta.label}: multi-table inheritance is not supported by backups.")
        for field in meta.concrete_fields:
            field_: Any = field
            if getattr(field_, "auto_now", False) or getattr(field_, "auto_now_add", False):
                field_.auto_now = field_.auto_now_add = False
        found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def stored_fields(model: type[models.Model]) -> list[Any]:
    """The columns a backup holds for a model, in order (generated columns are computed)."""
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def reset_schema(connection: BaseDatabaseWrapper, nodes: set[Node]) -> None:
    """Drop the platform's tables and migration records, then apply exactly `nodes`.

    Used when the database is not at the archive's migration state (a brand-new database, or an
    archive older than the code): only forward migrations run, as on a fresh installation.
    """
    loader, applied = applied_nodes(connection)
    tables = set(connection.introspection.django_table_names(only_existing=True))
    tables |= {m._meta.db_table for m in models_at(loader, applied)}
    existing = set(connection.introspection.table_names())
    recorder = MigrationRecorder(connection)
    with connection.schema_editor() as editor:
        cascade = " CASCADE" if connection.vendor == "postgresql" else ""
        for table in sorted(tables & existing - {recorder.Migration._meta.db_table}):
            editor.execute(f"DROP TABLE {editor.quote_name(table)}{cascade}")
    if recorder.has_table():
        recorder.migration_qs.filter(app__in=loader.migrated_apps).delete()
    executor = MigrationExecutor(connection)
    executor.migrate(_leaves(executor.loader, nodes))
