"""Refusals that carry a translatable message: a template and its parameters, formatted only when
the message is shown, in the language active then.

A refusal is raised deep inside an action, often before anyone knows who will read it (a page in
Bahasa Indonesia, an API client in English, a console command, an audit event). So it keeps the
template (an English msgid marked with `gettext_lazy`, whose Indonesian text is in the catalogue,
`layakanak/locale/id/LC_MESSAGES/django.po`) and the `%(name)s` parameters, and `str()` renders
them when asked:

    raise EvidenceRefused(_("The file is too large (%(size)s)."), size=size, status=413)

Framework-free (no Django import): this module only stores the template and calls `str()` on it.
Templates of Django-side modules are `django.utils.translation.gettext_lazy` proxies. Modules
that must stay free of Django (`lib/filetypes.py`) mark their texts with this module's
`gettext_lazy`, which `makemessages` extracts like Django's (it has the same name) and which
translates through the functions the Django side installs at start-up (`use_translation`, called
by `layakanak.core.apps.CoreConfig.ready`); until then every text shows in English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import Any

Override = Callable[[str], AbstractContextManager[Any]]


def _no_override(language: str) -> AbstractContextManager[Any]:
    return nullcontext()


_translate: Callable[[str], str] = str
_override: Override = _no_override


def use_translation(translate: Callable[[str], str], override: Override) -> None:
    """Translate with `translate` (Django's `gettext`, which reads the active language's
    catalogue) and switch languages with `override` (Django's `translation.override`)."""
    global _translate, _override
    _translate = translate
    _override = override


class LazyText:
    """A msgid that is translated each time it is shown (`str()`), in the active language."""

    __slots__ = ("msgid",)

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid

    def __str__(self) -> str:
        return _translate(self.msgid)

    def __repr__(self) -> str:
        return f"gettext_lazy({self.msgid!r})"


def gettext_lazy(msgid: str) -> LazyText:
    """Mark `msgid` for the catalogue in a framework-free module; translated when shown."""
    return LazyText(msgid)


class Text:
    """A template and its parameters, rendered (translated, then formatted) by `str()`.

    Used where a message is kept rather than raised (the rows of an import's error list).
    Parameters are formatted with `%`, so a template with parameters writes a percent sign as
    `%%`; a template without parameters is shown as it is."""

    __slots__ = ("params", "template")

    def __init__(self, template: object, params: Mapping[str, Any] | None = None) -> None:
        self.template = template
        self.params = dict(params or {})

    def __str__(self) -> str:
        text = str(self.template)
        return text % self.params if self.params else text

    def __repr__(self) -> str:
        return f"Text({self.template!r}, {self.params!r})"


def text(template: object, /, **params: Any) -> Text:
    """`Text(template, params)` written like a refusal: `text(_("Row %(row)s …"), row=row)`."""
    return Text(template, params)


class Refused(Exception):
    """A refusal with a message a person reads: `str(refusal)` (or `.message`) in the active
    language. Subclasses keep their own attributes (a conflict's current value, a chunk's
    received bytes, an HTTP status) and pass the template and its parameters on."""

    def __init__(self, template: object, /, **params: Any) -> None:
        self.text = Text(template, params)
        super().__init__(template)
        # Tracebacks, logs and test reports are read by developers in English: the English
        # text goes with the refusal as a note (PEP 678) when the active language is another.
        english = self.message_in("en")
        if english != self.message:
            self.add_note(english)

    @property
    def template(self) -> object:
        return self.text.template

    @property
    def params(self) -> dict[str, Any]:
        return self.text.params

    @property
    def message(self) -> str:
        return str(self.text)

    def __str__(self) -> str:
        return self.message

    def message_in(self, language: str) -> str:
        """The message in `language`, whatever language is active (audit events, commands)."""
        with _override(language):
            return self.message

    @property
    def message_id(self) -> str:
        """The message in Bahasa Indonesia."""
        return self.message_in("id")

    @property
    def message_en(self) -> str:
        """The message in English (audit events keep a refusal's reason in English)."""
        return self.message_in("en")
