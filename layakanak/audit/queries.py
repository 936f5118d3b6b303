"""Filtering audit events for the audit page and its CSV export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from layakanak.audit.models import AuditEvent

CSV_COLUMNS = (
    "time_utc",
    "actor_email",
    "actor_label",
    "role",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "ip_address",
)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_events(events: QuerySet[AuditEvent], filters: dict[str, Any]) -> QuerySet[AuditEvent]:
    if actor := filters.get("actor"):
        events = events.filter(Q(actor__email__icontains=actor) | Q(actor_label__icontains=actor))
    if action := filters.get("action"):
        events = events.filter(action__startswith=action)
    if object_type := filters.get("object_type"):
        events = events.filter(object_type=object_type)
    if object_id := filters.get("object_id"):
        events = events.filter(object_id=object_id)
    if date_from := filters.get("date_from"):
        events = events.filter(time__gte=_start_of(date_from))
    if date_to := filters.get("date_to"):
        events = events.filter(time__lt=_start_of(date_to + timedelta(days=1)))
    return events.select_related("actor")


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def csv_rows(events: QuerySet[AuditEvent]) -> Iterator[list[str]]:
    yield list(CSV_COLUMNS)
    for event in events.iterator(chunk_size=2000):
        yield [
            event.time.astimezone(UTC).isoformat(),
            event.actor.email if event.actor else "",
            event.actor_label,
            event.role,
            event.action,
            event.object_type,
            event.object_id,
            _json(event.before),
            _json(event.after),
            event.ip_address or "",
        ]
