"""Run-time output checks: is a submitted output record valid for a node's field list?"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from courtops.core.cases import casenumber
from courtops.core.exceptions import ValidationFailed


def _as_decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


PHONE_RE = re.compile(r"^\+?[0-9][0-9 -]{5,19}$")
TRACKING_RE = re.compile(r"^[A-Za-z0-9-]{6,40}$")


def _case_number_error(value: str) -> str | None:
    """The case register's own grammar (one for the whole project); its message names the part
    that is wrong."""
    try:
        casenumber.parse(value)
    except ValidationFailed as exc:
        return exc.message
    return None


def _check_value(f: dict, value: Any) -> str | None:
    """The error for one present value of field ``f``, or None."""
    kind = f["type"]
    if kind in ("number", "money", "integer", "page_count", "duration_minutes"):
        number = _as_decimal(value)
        if number is None:
            return _("Enter a number.")
        if (
            kind in ("integer", "page_count", "duration_minutes")
            and number != number.to_integral_value()
        ):
            return _("Enter a whole number.")
        if kind == "page_count" and number < 0:
            return _("A page count cannot be negative.")
        if "min" in f and number < Decimal(str(f["min"])):
            return _("Must be at least %(n)s.") % {"n": f["min"]}
        if "max" in f and number > Decimal(str(f["max"])):
            return _("Must be at most %(n)s.") % {"n": f["max"]}
        return None
    if kind == "date":
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return _("Enter a date (YYYY-MM-DD).")
        return None
    if kind == "datetime":
        try:
            dt.datetime.fromisoformat(str(value))
        except ValueError:
            return _("Enter a date and time (YYYY-MM-DD HH:MM).")
        return None
    if kind == "boolean":
        return None if isinstance(value, bool) else _("Answer yes or no.")
    if kind == "choice":
        allowed = {c["value"] for c in f.get("choices", [])}
        return (
            None
            if str(value) in allowed
            else _("Choose one of %(c)s.") % {"c": ", ".join(sorted(allowed))}
        )
    if kind == "multi_choice":
        allowed = {c["value"] for c in f.get("choices", [])}
        if not isinstance(value, list) or not all(str(v) in allowed for v in value):
            return _("Choose among %(c)s.") % {"c": ", ".join(sorted(allowed))}
        return None
    if not isinstance(value, str):
        return _("Enter text.")
    if "max_length" in f and len(value) > f["max_length"]:
        return _("At most %(n)s characters.") % {"n": f["max_length"]}
    if kind == "phone" and not PHONE_RE.match(value):
        return _("Enter a phone number.")
    if kind == "tracking_number" and not TRACKING_RE.match(value):
        return _("Enter a tracking number (6–40 letters and digits).")
    if kind == "case_number":
        return _case_number_error(value)
    return None


def validate_output(fields: list[dict], data: dict[str, Any]) -> dict[str, list[str]]:
    """Check a submitted output record against a node's field list. Returns ``{field: [errors]}``
    (empty when valid); unknown fields are refused under ``__all__``."""
    errors: dict[str, list[str]] = {}
    known = {f["name"] for f in fields}
    for f in fields:
        value = data.get(f["name"])
        empty = value is None or value == "" or value == []
        if empty:
            if f.get("required", True):
                errors.setdefault(f["name"], []).append(_("This field is required."))
            continue
        message = _check_value(f, value)
        if message:
            errors.setdefault(f["name"], []).append(message)
    extra = sorted(set(data) - known)
    if extra:
        errors["__all__"] = [_("Unknown field(s): %(f)s.") % {"f": ", ".join(extra)}]
    return errors
