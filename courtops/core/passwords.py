"""Password rules beyond Django's: character classes (MLPS 2.0) and court words."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import MinimumLengthValidator as _DjangoMinimumLength
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

COURT_WORDS = ["fayuan", "court", "法院", "courtops", "shenpan", "审判", "mima"]


class CharacterClassValidator:
    """At least ``min_classes`` of: lower case, upper case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        classes = sum(
            bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]")
        )
        if classes < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least %(n)d of: lower-case letters, upper-case "
                    "letters, digits, symbols."
                )
                % {"n": self.min_classes},
                code="password_classes",
            )

    def get_help_text(self) -> str:
        return _("Mix at least %(n)d of: lower-case, upper-case, digits, symbols.") % {
            "n": self.min_classes
        }


class CourtWordValidator:
    """No court name, court code or company name, nor common court words."""

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        words = list(COURT_WORDS)
        if user is not None:
            for org in (getattr(user, "court", None), getattr(user, "company", None)):
                if org is not None:
                    words += [
                        org.name,
                        getattr(org, "short_name", "") or "",
                        getattr(org, "code", ""),
                    ]
        for word in words:
            if word and len(word) >= 2 and word.lower() in lowered:
                raise ValidationError(
                    _("The password must not contain the word “%(word)s”.") % {"word": word},
                    code="password_court_word",
                )

    def get_help_text(self) -> str:
        return _("Do not use the court's or company's name or common court words.")


class MinimumLengthValidator(_DjangoMinimumLength):
    """Django's length rule with its message in our catalogue: Django 5.2 changed the message's
    msgid (``%d`` for ``%(min_length)d``) and its zh_Hans catalogue still has only the old one,
    so the message came out in English on a Chinese page."""

    def get_error_message(self) -> str:
        return ngettext(
            "The password is too short: it needs at least %(n)d character.",
            "The password is too short: it needs at least %(n)d characters.",
            self.min_length,
        ) % {"n": self.min_length}
