"""Benchmark of the pure scoring engine (no Django, no database).

    python benchmarks/bench_scoring.py            # 514 regions, 83,762 villages
    python benchmarks/bench_scoring.py --smoke    # tiny counts, used by the test suite

National cycle: one complete answer set per kab/kota (514) scored with the shipped kla-2023
instrument (or the test fixture when it is missing). Village level: 83,762 complete answer sets
scored with a 20-question instrument, also at 1/4 and 1/2 of that count to show the cost is linear.
Answer generation is not timed; each timing is the best of a few runs.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from layakanak.instruments.schema import load_yaml, parse_document
from layakanak.scoring import score_many
from layakanak.scoring.model import Instrument, Question, QuestionType

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "layakanak" / "instruments" / "data" / "kla-2023.yaml"
FIXTURE = ROOT / "tests" / "scoring" / "fixture-instrument.yaml"
NATIONAL_TARGET, VILLAGE_TARGET = 0.5, 10.0


def random_answer(q: Question, rng: random.Random) -> Any:
    """A valid answer for any question type."""
    t = q.type
    if t is QuestionType.SINGLE_CHOICE:
        return rng.choice(q.options).code
    if t is QuestionType.CHECKLIST:
        return [i.code for i in q.items if rng.random() < 0.6]
    if t is QuestionType.PERCENTAGE:
        denominator = rng.randint(1, 5000)
        return (Decimal(rng.randint(denominator // 2, denominator)), Decimal(denominator))
    if t is QuestionType.COUNT:
        return rng.randint(0, 30)
    if t is QuestionType.YES_NO:
        return rng.random() < 0.7
    if t is QuestionType.NUMBER:
        return Decimal(rng.randint(0, 10_000)) / 100
    return "catatan"


def answer_sets(instrument: Instrument, count: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [{q.code: random_answer(q, rng) for q in instrument.questions} for _ in range(count)]


def village_instrument() -> Instrument:
    """A 20-question, 1000-point desa/kelurahan instrument with every scored type."""

    def text(word: str) -> dict[str, str]:
        return {"id": word, "en": word}

    kinds = ["single_choice"] * 6 + ["yes_no"] * 5 + ["checklist"] * 4 + ["percentage"] * 3
    kinds += ["count", "number"]
    questions = []
    for n, kind in enumerate(kinds, start=1):
        q: dict[str, Any] = {"code": f"D{n}", "text": text(f"Pertanyaan {n}"), "type": kind}
        if kind == "single_choice":
            q["options"] = [
                {"code": c, "label": text(c), "points": p}
                for c, p in (("a", "50"), ("b", "25"), ("c", "0"))
            ]
        elif kind == "yes_no":
            q["points_yes"] = "50"
        elif kind == "checklist":
            q["items"] = [{"code": c, "label": text(c), "points": "12.5"} for c in "abcd"]
        elif kind in ("percentage", "count"):
            q["bands"] = [{"min": m, "points": p} for m, p in (("90", "50"), ("50", "20"))]
            if kind == "percentage":
                q.update(numerator=text("pembilang"), denominator=text("penyebut"))
        else:
            q.update(formula="min(50, value / 2)", max_points="50")
        questions.append(q)
    bands = [
        ("belum", 0, 499),
        ("pratama", 500, 600),
        ("madya", 601, 700),
        ("nindya", 701, 800),
        ("utama", 801, 900),
        ("kla", 901, 1000),
    ]
    document = {
        "schema": "layakanak-instrument/1",
        "slug": "bench-desa",
        "name": text("Desa/Kelurahan Layak Anak"),
        "year": 2023,
        "status": "draft",
        "total_points": "1000",
        "precision": 2,
        "rounding": "half_up",
        "band_rule": "truncate",
        "bands": [
            {
                "code": c,
                "name": text(c),
                "min": lo,
                "max": hi,
                "awarded": c != "belum",
                "colour": "#777777",
            }
            for c, lo, hi in bands
        ],
        "components": [
            {
                "code": "DES",
                "name": text("Desa"),
                "max_points": "1000",
                "indicators": [
                    {"number": "1", "name": text("Desa"), "opd": ["DPMD"], "questions": questions}
                ],
            }
        ],
    }
    return parse_document(document, "bench-desa")


def best_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny counts (for the test suite)")
    args = parser.parse_args(argv)
    regions, villages = (20, 200) if args.smoke else (514, 83_762)
    repeat = 1 if args.smoke else 3
    national = load_yaml(SHIPPED if SHIPPED.exists() else FIXTURE)
    village = village_instrument()

    rows: list[tuple[str, str, int, float, str]] = []
    sets = answer_sets(national, regions, seed=514)
    seconds = best_time(lambda: score_many(national, sets), repeat)
    verdict = "ok" if seconds < NATIONAL_TARGET else "SLOW"
    label = f"{national.slug} ({len(national.questions)} q)"
    rows.append(("national cycle", label, regions, seconds, f"< {NATIONAL_TARGET} s {verdict}"))
    all_sets = answer_sets(village, villages, seed=83_762)
    per_set = []
    for fraction, name in ((4, "1/4"), (2, "1/2"), (1, "all")):
        subset = all_sets[: villages // fraction]
        seconds = best_time(lambda subset=subset: score_many(village, subset), repeat)  # type: ignore[misc]
        per_set.append(seconds / len(subset))
        target = f"< {VILLAGE_TARGET} s {'ok' if seconds < VILLAGE_TARGET else 'SLOW'}"
        rows.append(
            (
                f"villages {name}",
                "bench-desa (20 q)",
                len(subset),
                seconds,
                target if fraction == 1 else "",
            )
        )

    print(f"Python {sys.version.split()[0]}; best of {repeat} run(s)")
    print(
        f"{'case':<16} {'instrument':<24} {'answer sets':>11} {'seconds':>9} {'µs/set':>8}  target"
    )
    for case, instrument, count, seconds, target in rows:
        print(
            f"{case:<16} {instrument:<24} {count:>11,} {seconds:>9.3f} "
            f"{seconds / count * 1e6:>8.1f}  {target}"
        )
    spread = max(per_set) / min(per_set)
    print(f"linearity: cost per village set varies by x{spread:.2f} from 1/4 to all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
