"""The demonstration's past cycles 2022, 2023 and 2025: who took part, which predicate each
region ends with, and synthetic answers and verification that lead there.

Pure (no database): regions in, a plan per region out. Each region keeps a stable strength
across cycles (cities and Java/Bali stronger on average, Papua and Maluku weaker; most regions
improve slowly, some slip back). For each cycle the participants are ranked by that cycle's
strength and given predicates by rank so that the national counts are the published ones
(KLA.md section 3), scaled down when only part of the country is loaded. Then `realise.py`
draws answers (`synthetic.py`) until the scoring engine's self-assessment score sits a realistic
margin above a final score inside the predicate's band, and the verification stages lower the
points from one to the next (EM > VA ≥ PU ≥ VL ≥ VF).

Demonstration data only: every page of a demo installation says so.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from layakanak.scoring.model import Band, Instrument

NATIONAL_REGENCIES = 514
VERIFICATION_STAGES = ("VA", "PU", "VL", "VF")
JAVA_BALI = frozenset({"31", "32", "33", "34", "35", "36", "51"})
# Provinces whose regions do better or worse on average than their neighbours: the shape of
# the published lists (Provinsi Layak Anak in Java, Bali, Kaltim, Sumbar, Kepri; few awards in
# Papua and Maluku), not any province's real result.
PROVINCE_EFFECT: dict[str, float] = {
    "13": 0.05,
    "21": 0.06,
    "31": 0.05,
    "32": 0.03,
    "33": 0.05,
    "34": 0.08,
    "35": 0.05,
    "36": 0.02,
    "51": 0.06,
    "52": 0.02,
    "63": 0.02,
    "64": 0.06,
    "73": 0.02,
    "53": -0.06,
    "81": -0.07,
    "82": -0.08,
    "91": -0.12,
    "92": -0.12,
    "93": -0.14,
    "94": -0.16,
    "95": -0.18,
    "96": -0.12,
}
# Provinces whose government coaches every kab/kota to a predicate (the Provinsi Layak Anak of
# KLA.md section 3: 8 in 2022, 14 in 2023, 13 in 2025), by the years they manage it: every
# member takes part and is lifted just into the awarded ranks. Which provinces they were is not
# in the public record except that East Kalimantan (64) was not one in 2025 (KLA.md section 11);
# the rest of this list is invented, as the demonstration's pages say.
COACHED: dict[str, tuple[int, ...]] = {
    "31": (2022, 2023, 2025),
    "34": (2022, 2023, 2025),
    "51": (2022, 2023, 2025),
    "36": (2022, 2023, 2025),
    "35": (2022, 2023, 2025),
    "33": (2022, 2023, 2025),
    "64": (2022, 2023),
    "21": (2022, 2023, 2025),
    "32": (2023, 2025),
    "13": (2023, 2025),
    "63": (2023, 2025),
    "73": (2023, 2025),
    "52": (2023, 2025),
    "19": (2023, 2025),
}
# Regions the demonstration accounts work in keep a recognisable story: Kota Balikpapan is a
# strong city (Utama in 2023 and 2025, as in reality).
PROFILE_OVERRIDES: dict[str, tuple[float, float]] = {"64.71": (0.78, 0.02)}  # base, trend
OVERRIDE_REASON = (
    "Catatan kasus kekerasan terhadap anak yang menonjol di daerah ini pada tahun berjalan; "
    "predikat ditetapkan satu tingkat di bawah usulan nilai akhir."
)


@dataclass(frozen=True)
class RegionInfo:
    code: str
    is_city: bool


@dataclass(frozen=True)
class HistorySpec:
    """One past cycle: its instrument, calendar, decree and published national counts."""

    slug: str
    instrument: str
    name_id: str
    name_en: str
    participants: int  # of the 514 kab/kota
    counts: Mapping[str, int]  # awarded band code -> regions (KLA.md section 3)
    windows: Mapping[str, tuple[datetime.date, datetime.date]]
    decree_number: str
    decree_date: datetime.date
    overrides: tuple[str, ...] = ()  # bands whose best region is proposed one band higher
    forced: Mapping[str, str] = field(default_factory=dict)  # region code -> band code

    @property
    def year(self) -> int:
        return int(self.slug[:4])


def _windows(
    em: tuple[str, str],
    va: tuple[str, str],
    pu: tuple[str, str],
    vl: tuple[str, str],
    vf: tuple[str, str],
    decision: tuple[str, str],
) -> dict[str, tuple[datetime.date, datetime.date]]:
    stages = (
        "evaluasi_mandiri",
        "verifikasi_administrasi",
        "peninjauan_ulang",
        "verifikasi_lapangan",
        "verifikasi_final",
        "penetapan",
    )
    spans = (em, va, pu, vl, vf, decision)
    return {
        stage: (datetime.date.fromisoformat(a), datetime.date.fromisoformat(b))
        for stage, (a, b) in zip(stages, spans, strict=True)
    }


# The decree numbers are demonstration values (the real decrees are cited in KLA.md).
HISTORY: tuple[HistorySpec, ...] = (
    HistorySpec(
        slug="2022",
        instrument="kla-2022",
        name_id="Evaluasi KLA 2022",
        name_en="KLA evaluation 2022",
        participants=360,
        counts={"utama": 8, "nindya": 66, "madya": 117, "pratama": 121},
        windows=_windows(
            ("2022-02-07", "2022-03-31"),
            ("2022-04-01", "2022-04-30"),
            ("2022-05-02", "2022-05-31"),
            ("2022-06-02", "2022-06-30"),
            ("2022-07-01", "2022-07-12"),
            ("2022-07-13", "2022-07-22"),
        ),
        decree_number="DEMO-KLA/2022",
        decree_date=datetime.date(2022, 7, 21),
        overrides=("nindya", "madya"),
    ),
    HistorySpec(
        slug="2023",
        instrument="kla-2023",
        name_id="Evaluasi KLA 2023",
        name_en="KLA evaluation 2023",
        participants=400,
        counts={"utama": 19, "nindya": 76, "madya": 130, "pratama": 135},
        windows=_windows(
            ("2023-02-07", "2023-03-31"),
            ("2023-04-01", "2023-04-30"),
            ("2023-05-02", "2023-05-31"),
            ("2023-06-02", "2023-06-30"),
            ("2023-07-01", "2023-07-12"),
            ("2023-07-13", "2023-07-22"),
        ),
        decree_number="DEMO-KLA/2023",
        decree_date=datetime.date(2023, 7, 21),
        overrides=("nindya",),
        forced={"64.71": "utama"},
    ),
    HistorySpec(
        slug="2025",
        instrument="kla-2023",
        name_id="Evaluasi KLA 2025 (siklus 2024–2025)",
        name_en="KLA evaluation 2025 (2024–2025 cycle)",
        participants=464,
        counts={"utama": 22, "nindya": 69, "madya": 125, "pratama": 139},
        # The public record (KLA.md section 11): self-assessment January–June 2024, the
        # provinces July–December 2024, national verification with the K/L January–June 2025,
        # the award in August 2025. The days within those months are invented.
        windows=_windows(
            ("2024-01-15", "2024-06-28"),
            ("2024-07-01", "2024-12-20"),
            ("2025-01-06", "2025-03-28"),
            ("2025-04-07", "2025-05-30"),
            ("2025-06-02", "2025-06-30"),
            ("2025-07-01", "2025-08-08"),
        ),
        decree_number="DEMO-KLA/2025",
        decree_date=datetime.date(2025, 8, 7),
        overrides=("nindya",),
        forced={"64.71": "utama"},
    ),
)


@dataclass(frozen=True)
class Profile:
    """What stays with a region across cycles."""

    base: float  # strength in 2022
    trend: float  # change per year
    propensity: float  # how keen it is to take part


def profile(region: RegionInfo) -> Profile:
    rng = random.Random(f"profile:{region.code}")  # noqa: S311  (demo data, not security)
    province = region.code[:2]
    base = 0.42 + 0.26 * rng.random() + PROVINCE_EFFECT.get(province, 0.0)
    if region.is_city:
        base += 0.08
    if province in JAVA_BALI:
        base += 0.05
    trend = rng.gauss(0.018, 0.02)  # most improve slowly; about one in five slips back
    propensity = base + rng.gauss(0, 0.12)
    if region.code in PROFILE_OVERRIDES:
        base, trend = PROFILE_OVERRIDES[region.code]
        propensity = base + 1
    return Profile(base=base, trend=trend, propensity=propensity)


def scaled_counts(spec: HistorySpec, regions: int) -> dict[str, int]:
    """The cycle's counts per band ("belum" = taking part without a predicate) for `regions`
    kab/kota: the national counts, or proportionally fewer (largest remainders)."""
    national = {**spec.counts, "belum": spec.participants - sum(spec.counts.values())}
    if regions >= NATIONAL_REGENCIES:
        return national
    share = {band: n * regions / NATIONAL_REGENCIES for band, n in national.items()}
    wanted = round(spec.participants * regions / NATIONAL_REGENCIES)
    counts = {band: int(value) for band, value in share.items()}
    rest = sorted(share, key=lambda band: share[band] - counts[band], reverse=True)
    for band in rest[: max(wanted - sum(counts.values()), 0)]:
        counts[band] += 1
    return counts


@dataclass(frozen=True)
class RegionPlan:
    """Where one region ends in one cycle: its predicate and the final (VF) total to reach."""

    code: str
    strength: float
    band: str  # the band its final score falls in (the proposal)
    decided: str  # the predicate given
    final_total: Decimal
    reason: str = ""


def _order(instrument: Instrument) -> list[str]:
    return [band.code for band in instrument.bands]


def plan_cycle(
    spec: HistorySpec, regions: Sequence[RegionInfo], instrument: Instrument
) -> list[RegionPlan]:
    """Participants, predicates and final totals of one past cycle."""
    year = spec.year - 2022
    rng = random.Random(f"plan:{spec.slug}")  # noqa: S311
    profiles = {r.code: profile(r) for r in regions}
    counts = scaled_counts(spec, len(regions))
    n = sum(counts.values())

    def keen(code: str) -> float:
        return profiles[code].propensity + 0.1 * year + rng.gauss(0, 0.04)

    coached = {c for c in profiles if spec.year in COACHED.get(c[:2], ())}
    ranked_keen = sorted(profiles, key=keen, reverse=True)
    first = [c for c in ranked_keen if c in spec.forced or c in coached][:n]
    participants = first + [c for c in ranked_keen if c not in first][: n - len(first)]
    strength = {
        c: profiles[c].base + profiles[c].trend * year + rng.gauss(0, 0.035) for c in participants
    }
    order = sorted(participants, key=lambda c: strength[c], reverse=True)
    awarded = n - counts.get("belum", 0)
    if 0 < awarded < n:
        # Coached regions are awarded (if there is room): lifted just above the strongest
        # region left without a predicate.
        coached_first = [c for c in order if c in coached][:awarded]
        rest = [c for c in order if c not in coached_first]
        chosen = set(coached_first) | set(rest[: awarded - len(coached_first)])
        floor = max(strength[c] for c in order if c not in chosen)
        for code in chosen:
            if strength[code] <= floor:
                strength[code] = floor + rng.uniform(0.0005, 0.005)
        order = sorted(participants, key=lambda c: strength[c], reverse=True)
    bands_high_first = [b for b in reversed(_order(instrument)) if counts.get(b)]
    band_of: dict[str, str] = {}
    position = 0
    for band in bands_high_first:
        for code in order[position : position + counts[band]]:
            band_of[code] = band
        position += counts[band]
    for code, band in spec.forced.items():
        if code in band_of and band_of[code] != band and counts.get(band):
            # Swap with the weakest region of the wanted band: the counts stay exact.
            weakest = [c for c in order if band_of[c] == band][-1]
            band_of[weakest], band_of[code] = band_of[code], band
    members: dict[str, list[str]] = {band: [] for band in bands_high_first}
    for code in order:
        members[band_of[code]].append(code)
    plans: list[RegionPlan] = []
    codes = _order(instrument)
    for band_code, band_members in members.items():
        for index, code in enumerate(band_members):
            share = 1 - (index + 0.5) / len(band_members)
            proposed, reason = instrument.band(band_code), ""
            if (
                index == 0
                and band_code in spec.overrides
                and codes.index(band_code) + 1 < len(codes)
            ):
                proposed = instrument.band(codes[codes.index(band_code) + 1])
                share, reason = 0.25, OVERRIDE_REASON
            total = _final_total(proposed, share, rng)
            plans.append(RegionPlan(code, strength[code], proposed.code, band_code, total, reason))
    return sorted(plans, key=lambda p: p.code)


def _final_total(band: Band, share: float, rng: random.Random) -> Decimal:
    """A total inside the band, higher for a higher `share` (0..1) of the band's members."""
    low, high = float(band.min) + 1, float(band.max) - 1
    if not band.awarded:
        low = max(low, 330.0)  # regions without a predicate still score a few hundred points
    value = low + (high - low) * min(max(share + rng.gauss(0, 0.06), 0.02), 0.98)
    return Decimal(f"{value:.2f}")
