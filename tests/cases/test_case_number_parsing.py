from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courtops.core.cases.casenumber import SPECIAL_CODES, TYPE_CODES, CaseNumber, canonical, parse
from courtops.core.exceptions import ValidationFailed


def test_the_model_example_parses_into_its_elements():
    number = parse("（2024）粤1971民初1234号")
    assert (number.year, number.court_code, number.type_code, number.serial) == (
        2024,
        "粤1971",
        "民初",
        1234,
    )
    assert number.procedure == "civil_ordinary"


def test_half_width_brackets_spaces_and_leading_zeros_are_stored_canonically():
    assert canonical(" (2024)粤1971 执恢0012号 ") == "（2024）粤1971执恢12号"


@pytest.mark.parametrize(
    "code",
    [
        "民初",
        "民终",
        "民特",
        "民督",
        "民保令",
        "财保",
        "执",
        "执恢",
        "执保",
        "执异",
        "执复",
        "刑初",
        "行初",
        "司救",
    ],
)
def test_every_type_code_of_the_domain_table_is_known(code):
    assert parse(f"（2025）粤1971{code}7号").type_code == code


def test_a_specialised_code_is_kept_apart_from_the_type_code():
    number = parse("（2019）最高法知民终1号")
    assert (number.court_code, number.special_code, number.type_code) == ("最高法", "知", "民终")


def test_a_legacy_number_with_zi_di_is_accepted():
    number = parse("（2014）海民初字第5号")
    assert number.legacy and number.court_code == "海" and str(number) == "（2014）海民初字第5号"


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("（2024）粤1971民x12号", "type code 民x is unknown"),
        ("2024粤1971民初1号", "must start with the year"),
        ("（2024）粤1971民初1", "must end with 号"),
        ("（20x4）粤1971民初1号", "year 20x4"),
        ("（2024）粤1971民初号", "no serial number"),
        ("（2024）1971民初1号", "no valid court code"),
        ("", "empty"),
    ],
)
def test_a_bad_number_gets_an_error_naming_what_is_wrong(raw, says):
    with pytest.raises(ValidationFailed) as exc:
        parse(raw)
    assert says in exc.value.message


court_codes = st.builds(
    lambda p, d: p + d,
    st.sampled_from(["粤", "京", "沪", "湘"]),
    st.from_regex(r"[0-9]{2}([0-9]{2})?", fullmatch=True),
)
numbers = st.builds(
    CaseNumber,
    year=st.integers(1990, 2100),
    court_code=court_codes,
    type_code=st.sampled_from(sorted(TYPE_CODES)),
    serial=st.integers(1, 99_999_999),
    special_code=st.sampled_from(["", *SPECIAL_CODES]),
)


@given(numbers)
def test_formatting_then_parsing_gives_the_same_number(number):
    assert parse(str(number)) == number


@given(numbers, st.booleans())
def test_half_width_input_parses_to_the_same_canonical_form(number, half):
    text = str(number)
    if half:
        text = text.replace("（", "(").replace("）", ")")
    assert canonical(text) == str(number)
    assert canonical(canonical(text)) == canonical(text)
