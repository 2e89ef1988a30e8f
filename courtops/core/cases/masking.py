"""Masking of personal data — one reusable mechanism, not a template filter.

Each model that holds personal data declares its fields here (``PERSONAL_FIELDS``) with the
masker for each. ``present(obj, policy)`` gives what a viewer sees: fields the policy hides are
left out, fields it unmasks are shown in full, every other personal field masked. Later issues
build a ``FieldPolicy`` per procedural node (e.g. an EMS worker sees the address unmasked and
no ID number); unmasking for a person is the ``party_reveal`` service, which is audited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

STAR = "*"


def mask_id_number(value: str) -> str:
    """440306199001011234 → 440306********1234 (region kept, birth date hidden)."""
    value = value or ""
    if len(value) <= 4:
        return STAR * len(value)
    if len(value) <= 10:
        return value[:2] + STAR * (len(value) - 4) + value[-2:]
    return value[:6] + STAR * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678; short numbers keep only the last two digits."""
    value = value or ""
    if len(value) >= 11:
        return value[:3] + STAR * (len(value) - 7) + value[-4:]
    if len(value) <= 2:
        return STAR * len(value)
    return STAR * (len(value) - 2) + value[-2:]


def mask_address(value: str) -> str:
    """Keep the first 6 characters (province/city/district), hide the rest."""
    value = value or ""
    if len(value) <= 6:
        return value[:2] + STAR * max(len(value) - 2, 0)
    return value[:6] + STAR * 4


Masker = Callable[[str], str]

# model label → {field: masker}. Organisations' registration data is not personal data.
PERSONAL_FIELDS: dict[str, dict[str, Masker]] = {
    "core.party": {"id_number": mask_id_number, "phone": mask_phone, "address": mask_address},
}


@dataclass(frozen=True)
class FieldPolicy:
    """What a viewer sees of personal fields: ``visible`` (None = all) and ``unmasked``."""

    visible: frozenset[str] | None = None
    unmasked: frozenset[str] = frozenset()

    def shows(self, name: str) -> bool:
        return self.visible is None or name in self.visible


MASKED = FieldPolicy()
UNMASKED = FieldPolicy(unmasked=frozenset({"id_number", "phone", "address"}))


def is_personal(obj: Any) -> bool:
    return getattr(obj, "kind", "person") == "person"


def present(obj: Any, policy: FieldPolicy = MASKED) -> dict[str, str]:
    """The personal fields of ``obj`` as this policy shows them (hidden fields left out)."""
    fields = PERSONAL_FIELDS.get(obj._meta.label_lower, {})
    out: dict[str, str] = {}
    for name, masker in fields.items():
        if not policy.shows(name):
            continue
        value = getattr(obj, name) or ""
        out[name] = value if (name in policy.unmasked or not is_personal(obj)) else masker(value)
    return out


def masked_rows(objs, policy: FieldPolicy = MASKED) -> list[dict[str, Any]]:
    """For templates and serializers: each object with its personal fields as shown."""
    return [{"obj": o, **present(o, policy)} for o in objs]


# An 18-digit resident ID (last may be X), a 15-digit old one, a mainland mobile number, a
# landline with its area code. Digits around them must not be digits (case numbers, amounts).
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE_IN_TEXT = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")


def mask_identifiers(text: str) -> str:
    """``text`` with every ID number and phone number in it masked: for messages that are
    stored (an import's errors) and would otherwise keep personal data at rest."""
    text = _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(1)), str(text))
    return _PHONE_IN_TEXT.sub(lambda m: mask_phone(m.group(1)), text)
