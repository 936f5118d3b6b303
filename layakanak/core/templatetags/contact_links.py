"""Phone numbers and e-mail addresses as links a phone can act on.

A number written for people ("0542-000000", "(0542) 123 456", "+62 811 0000 000") becomes a
`tel:` link in the international form (+62…), which every phone dials from anywhere; a WhatsApp
number becomes a wa.me link (digits only, country code first). Free text that is neither (a
reporter may write "lewat guru BK") stays text."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

INDONESIA = "62"
_PHONE = re.compile(r"\+?[\d\s().\-/]{3,30}")
_EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")


def international(number: str) -> str:
    """The dialable form: "+62542000000" for "0542-000000"; short service numbers ("110",
    "129") stay as they are. "" when `number` is not a phone number."""
    text = number.strip()
    if not _PHONE.fullmatch(text):
        return ""
    digits = re.sub(r"\D", "", text)
    if len(digits) < 3 or len(digits) > 15:
        return ""
    if text.startswith("+"):
        return f"+{digits}"
    if digits.startswith("0") and len(digits) >= 7:
        return f"+{INDONESIA}{digits[1:]}"
    if digits.startswith(INDONESIA) and len(digits) >= 10:
        return f"+{digits}"
    return digits


@register.filter
def tel_link(number: str | None) -> str:
    """`number` as a tap-to-call link, or as text when it is not a phone number."""
    number = number or ""
    dial = international(number)
    if not dial:
        return number
    return format_html('<a href="tel:{}">{}</a>', dial, number)


@register.filter
def whatsapp_link(number: str | None) -> str:
    """`number` as a link that opens a WhatsApp chat, or as text."""
    number = number or ""
    dial = international(number)
    if not dial or len(dial) < 8:
        return number
    return format_html('<a href="https://wa.me/{}" rel="noopener">{}</a>', dial.lstrip("+"), number)


# A phone number inside free text: digits with the usual separators, 7 to 15 digits in all.
_NUMBER_IN_TEXT = re.compile(r"\+?\(?\d[\d\s().\-/]{5,22}\d")


@register.filter
def contact_link(contact: str | None) -> str:
    """What a reporter left to be reached at ("0812-3456-7890 Ibu Sari", an e-mail address)
    with each phone number or e-mail address in it as a link; the rest stays text."""
    contact = (contact or "").strip()
    if _EMAIL.fullmatch(contact):
        return format_html('<a href="mailto:{}">{}</a>', contact, contact)
    parts: list[str] = []
    position = 0
    for match in _NUMBER_IN_TEXT.finditer(contact):
        number = match.group(0).strip()
        digits = re.sub(r"\D", "", number)
        if not 7 <= len(digits) <= 15:
            continue
        parts.append(conditional_escape(contact[position : match.start()]))
        parts.append(tel_link(number) + conditional_escape(match.group(0)[len(number) :]))
        position = match.end()
    if not parts:
        return contact
    parts.append(conditional_escape(contact[position:]))
    return mark_safe("".join(parts))  # noqa: S308  (every part is escaped or built by format_html)
