"""How long a text a person types may be, in one place, each size with the reason for it.

Every limit is checked where the value enters, in the action (the JSON endpoints and commands
bypass the forms), with a message that says how long the text is and how long it may be; the
forms show it too (`maxlength`, from these constants through the `{% text_limit %}` tag or the
form field's `max_length`). Where a model field is a `CharField`, its `max_length` is the limit:
a longer value would be a database error on PostgreSQL, not a message.

Framework-free (no Django import): the scoring engine checks text answers with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from layakanak.lib.refusals import gettext_lazy as _

# A text answer of the self-assessment: a few paragraphs that name programmes, decrees or
# places; the proof itself is uploaded as evidence. Every save copies the text into the audit
# event, so a text of megabytes would be stored twice on every keystroke's autosave.
TEXT_ANSWER = 5_000
# A number typed as text (a count, a percentage's parts): far more digits than any real figure.
NUMBER_TEXT = 40

# A verifier's comment on one question's check: the justification of an adjusted score.
COMMENT = 2_000
# A reason given for a step of the workflow (a send-back to the region, reopening a stage, a
# predicate other than the proposed one): a paragraph the region and the auditors read.
REASON = 1_000
# The reason for a region's extension: one line or two ("network outage on the last day").
EXTENSION_REASON = 500
# Notes of the field verification (the Forum Anak session, a service site): a page of notes.
NOTES = 10_000

# A name (a service site, a cycle, a forum, a playground, an activity) or a decree's number.
NAME = 200
# A person's full name (the account's `full_name`).
FULL_NAME = 150
# An e-mail address: the longest a mail system delivers (RFC 5321 with RFC 3696's erratum).
EMAIL = 254
# A postal address or a line of opening hours.
ADDRESS = 300
# A phone or WhatsApp number, with spaces and an extension.
PHONE = 40
# The online options of a counselling service (a link, an app's name).
ONLINE = 300

# The child-services forms: what a child or a parent writes, and the officers' notes on it.
REPORT_TEXT = 4_000
CONTACT = 200
APPOINTMENT_MESSAGE = 2_000
PREFERRED_TIME = 100
CASE_NOTE = 4_000
# The outcome of a Forum Anak activity or consultation (e.g. what the children proposed).
OUTCOME = 4_000
# What a photo shows (read out to blind users).
CAPTION = 200

TOO_LONG = _(
    "%(what)s is too long (%(length)s characters); at most %(limit)s characters are allowed."
)


def check_length(value: str, limit: int, what: object, refused: Callable[..., Exception]) -> str:
    """`value` when it has at most `limit` characters; otherwise raise `refused(TOO_LONG, …)`
    (a refusal class of the caller's app), naming the text (`what`, e.g. "The comment")."""
    if len(value) > limit:
        raise refused(TOO_LONG, what=what, length=len(value), limit=limit)
    return value


def check_lengths(
    values: dict[str, Any], limits: dict[str, tuple[int, object]], refused: Callable[..., Exception]
) -> None:
    """`check_length` for every text of `values` that `limits` names (field -> limit, label)."""
    for field, (limit, what) in limits.items():
        value = values.get(field)
        if isinstance(value, str):
            check_length(value, limit, what, refused)
