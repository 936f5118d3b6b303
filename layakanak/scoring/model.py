"""The instrument as plain, immutable data: what the scoring engine needs and nothing else.

An instrument version (e.g. `kla-2023`) is a tree: components → indicators → questions, each
question carrying its type-specific scoring data (options, checklist items, thresholds, points,
formula) and its evidence requirements (data dukung). All points are exact `Decimal`s.
The YAML/Excel loaders in `layakanak.instruments` build these objects; nothing here imports Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    CHECKLIST = "checklist"
    PERCENTAGE = "percentage"
    COUNT = "count"
    YES_NO = "yes_no"
    NUMBER = "number"
    TEXT = "text"


class Status(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    RETIRED = "retired"


class Rounding(StrEnum):
    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"


class BandRule(StrEnum):
    TRUNCATE = "truncate"
    ROUND_HALF_UP = "round_half_up"
    UPPER_INCLUSIVE = "upper_inclusive"


class Effort(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


EFFORT_WEIGHT: dict[Effort, int] = {Effort.LOW: 1, Effort.MEDIUM: 2, Effort.HIGH: 3}

# Types whose answer can drive a show_if condition (a finite set of possible values).
CONDITIONAL_PARENT_TYPES = frozenset(
    {QuestionType.SINGLE_CHOICE, QuestionType.CHECKLIST, QuestionType.YES_NO}
)


@dataclass(frozen=True)
class Text:
    """A user-facing text in Bahasa Indonesia (`id`) and English (`en`)."""

    id: str
    en: str


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Band:
    """A predicate band (peringkat) such as Pratama 500–600."""

    code: str
    name: Text
    min: Decimal
    max: Decimal
    awarded: bool
    colour: str


@dataclass(frozen=True)
class Choice:
    """A single_choice option or a checklist item."""

    code: str
    label: Text
    points: Decimal


@dataclass(frozen=True)
class Threshold:
    """A percentage/count threshold: reaching `bound` earns `points`.

    With `better == "higher"` the bound is a minimum (value >= bound), with `"lower"` a maximum
    (value <= bound), e.g. child-marriage rates where less is better.
    """

    bound: Decimal
    points: Decimal


@dataclass(frozen=True)
class Evidence:
    """A data dukung requirement attached to a question."""

    code: str
    label: Text
    required: bool
    file_types: tuple[str, ...]


@dataclass(frozen=True)
class ShowIf:
    """Show the question only when `question` is visible and its answer is in `values`.

    For checklist parents the condition holds when any listed item is ticked.
    """

    question: str
    values: tuple[str | bool, ...]


@dataclass(frozen=True)
class Question:
    code: str
    text: Text
    type: QuestionType
    required: bool = True
    effort: Effort | None = None
    opd: tuple[str, ...] = ()
    help: Text | None = None
    show_if: ShowIf | None = None
    options: tuple[Choice, ...] = ()
    items: tuple[Choice, ...] = ()
    numerator: Text | None = None
    denominator: Text | None = None
    data_source: Text | None = None
    better: str = "higher"
    thresholds: tuple[Threshold, ...] = ()
    points_yes: Decimal = Decimal(0)
    points_no: Decimal = Decimal(0)
    formula: str | None = None
    max_points: Decimal | None = None
    unit: Text | None = None
    evidence: tuple[Evidence, ...] = ()

    @property
    def maximum(self) -> Decimal:
        """The most points any single answer can earn on this question."""
        t = self.type
        if t is QuestionType.SINGLE_CHOICE:
            return max((o.points for o in self.options), default=Decimal(0))
        if t is QuestionType.CHECKLIST:
            return sum((i.points for i in self.items), Decimal(0))
        if t in (QuestionType.PERCENTAGE, QuestionType.COUNT):
            return max((b.points for b in self.thresholds), default=Decimal(0))
        if t is QuestionType.YES_NO:
            return max(self.points_yes, self.points_no)
        if t is QuestionType.NUMBER:
            return self.max_points if self.max_points is not None else Decimal(0)
        return Decimal(0)

    @cached_property
    def option_codes(self) -> frozenset[str]:
        return frozenset(o.code for o in self.options)

    @cached_property
    def item_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.items)

    def option(self, code: str) -> Choice | None:
        return next((o for o in self.options if o.code == code), None)

    def item(self, code: str) -> Choice | None:
        return next((i for i in self.items if i.code == code), None)


@dataclass(frozen=True)
class Indicator:
    number: str
    name: Text
    opd: tuple[str, ...]
    questions: tuple[Question, ...]

    @property
    def maximum(self) -> Decimal:
        return sum((q.maximum for q in self.questions), Decimal(0))


@dataclass(frozen=True)
class Component:
    code: str
    name: Text
    max_points: Decimal
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Prerequisite:
    """A must-meet rule: a predicate band (and every band above it) requires indicator
    `indicator` to reach at least `min_percent` % of its maximum points, e.g. "KLA (Paripurna)
    requires indicator 18 >= 80 %". Whether the programme has such rules is not public
    (KLA.md section 11): they are data of an instrument version, never code. `note` says where
    the rule comes from, in both languages."""

    band: str  # a band code of the instrument
    indicator: str  # an indicator number of the instrument
    min_percent: Decimal  # 0 < min_percent <= 100
    note: Text | None = None


@dataclass(frozen=True)
class Instrument:
    """One version of the evaluation instrument (e.g. KLA 2023)."""

    slug: str
    name: Text
    year: int
    status: Status
    total_points: Decimal
    precision: int
    rounding: Rounding
    band_rule: BandRule
    bands: tuple[Band, ...]
    components: tuple[Component, ...]
    legal_basis: str = ""
    reconstruction: bool = False
    sources: tuple[Source, ...] = ()
    notes: Text | None = None
    schema: str = "layakanak-instrument/1"
    prerequisites: tuple[Prerequisite, ...] = ()

    @cached_property
    def questions(self) -> tuple[Question, ...]:
        """Every question in instrument order."""
        return tuple(q for c in self.components for i in c.indicators for q in i.questions)

    @cached_property
    def _question_index(self) -> dict[str, tuple[Question, Indicator, Component]]:
        return {
            q.code: (q, i, c) for c in self.components for i in c.indicators for q in i.questions
        }

    def question(self, code: str) -> Question:
        """The question with this code; KeyError when unknown."""
        return self._question_index[code][0]

    def has_question(self, code: str) -> bool:
        return code in self._question_index

    def indicator_of(self, code: str) -> Indicator:
        return self._question_index[code][1]

    def component_of(self, code: str) -> Component:
        return self._question_index[code][2]

    def band(self, code: str) -> Band:
        """The band with this code; KeyError when unknown."""
        for band in self.bands:
            if band.code == code:
                return band
        raise KeyError(code)

    @cached_property
    def _indicator_index(self) -> dict[str, Indicator]:
        return {i.number: i for c in self.components for i in c.indicators}

    def indicator(self, number: str) -> Indicator:
        """The indicator with this number; KeyError when unknown."""
        return self._indicator_index[number]

    def prerequisites_of(self, band: Band) -> tuple[Prerequisite, ...]:
        """The prerequisites a region must meet to hold `band`: those of `band` and of every
        band below it (a rule for Utama binds KLA too)."""
        rank = {b.code: index for index, b in enumerate(self.bands)}
        limit = rank[band.code]
        return tuple(p for p in self.prerequisites if rank[p.band] <= limit)

    @property
    def quantum(self) -> Decimal:
        """The smallest step of a score at this instrument's precision, e.g. 0.01."""
        return Decimal(1).scaleb(-self.precision)
