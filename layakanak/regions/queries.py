"""Reads of regions used by pages and the API."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from layakanak.lib.codes import LEVEL_ORDER, Level, level_of
from layakanak.regions.models import Region, RegionBoundary

SEARCH_LIMIT = 50


def level_counts() -> dict[str, int]:
    rows = Region.objects.values("level").annotate(n=Count("id"))
    counts = {level.value: 0 for level in Level}
    counts.update({row["level"]: row["n"] for row in rows})
    return counts


def get_region(code: str) -> Region | None:
    if level_of(code) is None:
        return None
    return Region.objects.select_related("parent__parent__parent").filter(code=code).first()


def ancestors(region: Region) -> list[Region]:
    """Parents from the province down, without the region itself."""
    chain: list[Region] = []
    node = region.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return list(reversed(chain))


def children(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region).order_by("code")


def provinces() -> QuerySet[Region]:
    return Region.objects.filter(level=Level.PROVINCE.value).order_by("code")


def search(
    term: str, *, level: str | None = None, parent_code: str | None = None
) -> QuerySet[Region]:
    """Regions whose name contains `term` (case-insensitive) or whose code starts with it."""
    queryset = Region.objects.select_related("parent__parent")
    term = term.strip()
    if term:
        if level_of(term) is not None or term.replace(".", "").isdigit():
            queryset = queryset.filter(Q(code__startswith=term))
        else:
            queryset = queryset.filter(search_name__contains=term.casefold())
    if level:
        queryset = queryset.filter(level=level)
    if parent_code:
        queryset = queryset.filter(parent__code=parent_code)
    # Higher levels first: "Balikpapan" should show the city before its villages.
    rank = Case(
        *(When(level=lvl.value, then=Value(i)) for i, lvl in enumerate(LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    return queryset.annotate(level_rank=rank).order_by("level_rank", "code")


def nearest_with_boundary(chain: list[Region]) -> Region | None:
    """The first region of `chain` that has a boundary (one query, geometry not loaded)."""
    with_boundary = set(
        RegionBoundary.objects.filter(region__in=chain).values_list("region_id", flat=True)
    )
    return next((region for region in chain if region.pk in with_boundary), None)


BOUNDARIES_VERSION_KEY = "regions:boundaries-version"


def boundaries_version() -> str:
    """A token that changes whenever load_regions changes regions or boundaries: caches derived
    from the boundaries put it in their key, so a reload never leaves stale entries in use."""
    return str(cache.get_or_set(BOUNDARIES_VERSION_KEY, lambda: uuid.uuid4().hex, None))


def forget_boundaries_version() -> None:
    cache.delete(BOUNDARIES_VERSION_KEY)
