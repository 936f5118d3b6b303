"""Plain-language explanations of question scores, in Bahasa Indonesia and English.

Example: "Perda KLA ada dan dilaksanakan: 40 dari 40 poin" / "...: 40 of 40 points".
Indonesian numbers use a decimal comma (92,5), English a decimal point (92.5).
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from layakanak.scoring.engine import Proposal, QuestionScore, ScoreResult, Shortfall
from layakanak.scoring.model import Instrument, Prerequisite, Question, QuestionType, Text


def format_number(value: Decimal | int, lang: str) -> str:
    """A number for people: no trailing zeros on whole numbers, decimal comma in Indonesian."""
    number = Decimal(value)
    text = f"{number:f}" if number != number.to_integral_value() else f"{number.to_integral():f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "id" else text


def points_phrase(points: Decimal, maximum: Decimal) -> Text:
    """ "40 dari 40 poin" / "40 of 40 points"."""
    return Text(
        id=f"{format_number(points, 'id')} dari {format_number(maximum, 'id')} poin",
        en=f"{format_number(points, 'en')} of {format_number(maximum, 'en')} points",
    )


def describe_answer(question: Question, answer: object) -> Text:
    """The answer in words, e.g. the chosen option's label or "92,5% (185 dari 200)"."""
    t = question.type
    if t is QuestionType.SINGLE_CHOICE:
        option = question.option(str(answer))
        return option.label if option else Text(str(answer), str(answer))
    if t is QuestionType.CHECKLIST:
        ticked = [i for i in question.items if i.code in answer]  # type: ignore[operator]
        codes = ", ".join(i.code for i in ticked) or "-"
        n, total = len(ticked), len(question.items)
        return Text(
            id=f"{n} dari {total} butir dicentang ({codes})",
            en=f"{n} of {total} items ticked ({codes})",
        )
    if t is QuestionType.PERCENTAGE:
        numerator, denominator = cast(tuple[Decimal, Decimal], answer)
        share = (numerator * 100 / denominator).quantize(Decimal("0.01"))
        return Text(
            id=f"Capaian {format_number(share, 'id')}% "
            f"({format_number(numerator, 'id')} dari {format_number(denominator, 'id')})",
            en=f"Achieved {format_number(share, 'en')}% "
            f"({format_number(numerator, 'en')} of {format_number(denominator, 'en')})",
        )
    if t is QuestionType.COUNT or t is QuestionType.NUMBER:
        unit = question.unit
        value = Decimal(answer)  # type: ignore[arg-type]
        word_id, word_en = ("Jumlah", "Count") if t is QuestionType.COUNT else ("Nilai", "Value")
        return Text(
            id=f"{word_id}: {format_number(value, 'id')}{' ' + unit.id if unit else ''}",
            en=f"{word_en}: {format_number(value, 'en')}{' ' + unit.en if unit else ''}",
        )
    if t is QuestionType.YES_NO:
        return Text("Ya", "Yes") if answer else Text("Tidak", "No")
    return Text("Jawaban teks (tidak diberi poin)", "Text answer (not scored)")


def explain_question(instrument: Instrument, result: ScoreResult, code: str) -> Text:
    """Why question `code` scored what it did, for answered, unanswered and hidden questions."""
    question = instrument.question(code)
    scored: QuestionScore = result.questions[code]
    points = points_phrase(scored.points, scored.maximum)
    if not scored.visible:
        parent = question.show_if.question if question.show_if else "?"
        return Text(
            id=f"Tidak ditampilkan (bergantung pada jawaban pertanyaan {parent}): {points.id}",
            en=f"Not shown (depends on the answer to question {parent}): {points.en}",
        )
    if not scored.answered:
        return Text(id=f"Belum dijawab: {points.id}", en=f"Not answered yet: {points.en}")
    described = describe_answer(question, scored.answer)
    return Text(id=f"{described.id}: {points.id}", en=f"{described.en}: {points.en}")


def explain(instrument: Instrument, result: ScoreResult) -> dict[str, Text]:
    """An explanation for every question of the instrument, keyed by question code."""
    return {q.code: explain_question(instrument, result, q.code) for q in instrument.questions}


def describe_prerequisite(instrument: Instrument, rule: Prerequisite) -> Text:
    """ "Utama ke atas: indikator 18 (Kawasan tanpa rokok) paling sedikit 80% dari 40 poin
    (32 poin)" / "Utama and above: indicator 18 (...) at least 80% of its 40 points (32)"."""
    band = instrument.band(rule.band)
    indicator = instrument.indicator(rule.indicator)
    maximum = indicator.maximum
    required = maximum * rule.min_percent / 100
    share_id, share_en = (
        format_number(rule.min_percent, "id"),
        format_number(rule.min_percent, "en"),
    )
    top = band == instrument.bands[-1]
    return Text(
        id=f"{band.name.id}{'' if top else ' ke atas'}: indikator {indicator.number} "
        f"({indicator.name.id}) paling sedikit {share_id}% dari {format_number(maximum, 'id')} "
        f"poinnya ({format_number(required, 'id')} poin)",
        en=f"{band.name.en}{'' if top else ' and above'}: indicator {indicator.number} "
        f"({indicator.name.en}) at least {share_en}% of its {format_number(maximum, 'en')} "
        f"points ({format_number(required, 'en')} points)",
    )


def describe_shortfall(instrument: Instrument, shortfall: Shortfall) -> Text:
    """Why a prerequisite holds a region back, in words: the rule, the points now, the gap."""
    rule = describe_prerequisite(instrument, shortfall.prerequisite)
    now_id, now_en = format_number(shortfall.points, "id"), format_number(shortfall.points, "en")
    gap_id, gap_en = format_number(shortfall.missing, "id"), format_number(shortfall.missing, "en")
    return Text(
        id=f"{rule.id}. Sekarang {now_id} poin, kurang {gap_id} poin.",
        en=f"{rule.en}. Now {now_en} points, {gap_en} points short.",
    )


def describe_held_back(instrument: Instrument, proposal: Proposal) -> Text | None:
    """ "Nilai total masuk Utama, tetapi predikat yang diusulkan Nindya: ..." or None when no
    prerequisite held the band back."""
    if not proposal.held_back:
        return None
    reasons = [describe_shortfall(instrument, item) for item in proposal.held_back]
    return Text(
        id=f"Nilai total masuk {proposal.by_total.name.id}, tetapi predikat yang diusulkan "
        f"{proposal.band.name.id} karena syarat wajib belum terpenuhi: "
        + " ".join(r.id for r in reasons),
        en=f"The total is in {proposal.by_total.name.en}, but the proposed predicate is "
        f"{proposal.band.name.en} because a prerequisite is not met: "
        + " ".join(r.en for r in reasons),
    )
