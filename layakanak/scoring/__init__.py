"""Pure scoring for KLA instruments: engine, explanations and the gap planner.

No Django here (a test enforces it): plain dataclasses in, results with reasons out.
"""

from layakanak.scoring.answers import Answer, AnswerError, validate_answer
from layakanak.scoring.engine import (
    ComponentScore,
    IndicatorScore,
    QuestionScore,
    ScoreResult,
    band_for,
    band_threshold,
    score,
    score_many,
    validate_answers,
)
from layakanak.scoring.explain import explain, explain_question
from layakanak.scoring.levels import AnswerChange
from layakanak.scoring.model import Band, Instrument, Question, Text
from layakanak.scoring.planner import Improvement, Plan, next_band, plan

__all__ = [
    "Answer",
    "AnswerChange",
    "AnswerError",
    "Band",
    "ComponentScore",
    "Improvement",
    "IndicatorScore",
    "Instrument",
    "Plan",
    "Question",
    "QuestionScore",
    "ScoreResult",
    "Text",
    "band_for",
    "band_threshold",
    "explain",
    "explain_question",
    "next_band",
    "plan",
    "score",
    "score_many",
    "validate_answer",
    "validate_answers",
]
