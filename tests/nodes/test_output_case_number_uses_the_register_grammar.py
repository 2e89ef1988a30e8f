"""A case-number output field is checked by the case register's own grammar, not a looser copy."""

from __future__ import annotations

from django.utils import translation

from nodes.engine import validate_output

FIELDS = [{"name": "number", "label": "案号", "type": "case_number", "required": True}]


def test_a_well_formed_case_number_passes_in_either_bracket_width():
    assert validate_output(FIELDS, {"number": "（2026）粤1971民初123号"}) == {}
    assert validate_output(FIELDS, {"number": "(2026)粤1971民初123号"}) == {}


def test_an_unknown_type_code_is_refused_and_named():
    with translation.override("en"):
        errors = validate_output(FIELDS, {"number": "（2026）粤1971民X123号"})
    assert errors["number"] and "民X" in errors["number"][0]


def test_serial_zero_is_refused():
    with translation.override("en"):
        errors = validate_output(FIELDS, {"number": "（2026）粤1971民初0号"})
    assert "out of range" in errors["number"][0]
