"""Ledger cells as people type them: full-width digits in dates and ID numbers are accepted like
in case numbers; a formula cell with no saved result is reported as such, by row and column."""

from __future__ import annotations

import pytest
from django.utils import translation

from courtops.core.cases.importer import ledger_import
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import Case, Party

from .test_ledger_import import ledger, row

FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def test_full_width_digits_in_dates_and_id_numbers_are_accepted(court_a, office_a):
    data = ledger(
        [
            row(
                1,
                date="２０２６－０３－０２",
                **{
                    "原告证件号码": "440306199001011236".translate(FULL),
                    "原告联系电话": "１３８１２３４５６７８",
                },
            )
        ]
    )
    ledger_import(actor=office_a, court=court_a, source=data)
    case = Case.objects.get()
    assert str(case.filing_date) == "2026-03-02"
    plaintiff = Party.objects.get(case=case, name="张三")
    assert plaintiff.id_number == "440306199001011236" and plaintiff.phone == "13812345678"


def test_a_formula_cell_without_a_saved_result_is_reported_by_row_and_column(court_a, office_a):
    data = ledger([row(1), row(2, cause='=CONCATENATE("民间借贷","纠纷")')])
    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        ledger_import(actor=office_a, court=court_a, source=data)
    [error] = exc.value.errors
    assert error["row"] == 3 and error["field"] == "案由" and "formula" in error["message"]
    assert not Case.objects.exists()
