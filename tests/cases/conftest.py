"""Builders for the case-register tests: units staffed with judges and assistants, causes by
name, and cases registered through the real services."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import translation

from courtops.core.actors import SYSTEM
from courtops.core.cases.choices import UnitRole
from courtops.core.cases.services import case_register, unit_add_member, unit_create
from courtops.core.choices import Role
from courtops.core.models import CaseCause
from courtops.core.services.people import person_create

_seq = itertools.count(1)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are matched in English here; pages and explanations are checked in
    Chinese where it matters (they render in the court's language)."""
    with translation.override("en"):
        yield


def cause(name: str) -> CaseCause:
    return CaseCause.objects.filter(court=None, name=name).order_by("-level").first()


def staffed_unit(court, number, causes, *, judges=3, assistants=1, **kwargs):
    unit = unit_create(
        actor=SYSTEM,
        court=court,
        number=number,
        name=f"单元{number}",
        causes=[cause(c) for c in causes],
        **kwargs,
    )
    for role, n in ((Role.JUDGE, judges), (Role.ASSISTANT, assistants)):
        for _i in range(n):
            k = next(_seq)
            person = person_create(
                actor=SYSTEM,
                username=f"{role}{k}",
                full_name=f"{'法官' if role == Role.JUDGE else '助理'}{k}",
                role=role,
                password="Tr1al-Unit-Pass!",
                court=court,
                must_change_password=False,
                check_password=False,
            )
            unit_add_member(
                actor=SYSTEM,
                unit=unit,
                person=person,
                role=UnitRole.JUDGE if role == Role.JUDGE else UnitRole.ASSISTANT,
            )
    return unit


def register(
    court,
    serial,
    cause_name="民间借贷纠纷",
    *,
    type_code="民初",
    year=2026,
    filed=None,
    actor=SYSTEM,
    **data,
):
    return case_register(
        actor=actor,
        court=court,
        data={
            "case_number": f"（{year}）{court.code}{type_code}{serial}号",
            "cause": cause_name,
            "filing_date": filed or dt.date(year, 3, 2),
            **data,
        },
    )


@pytest.fixture
def lending_units(court_a):
    """Three units handling 民间借贷纠纷 (unit 3 also 离婚纠纷) and one handling only 离婚纠纷."""
    return [
        staffed_unit(court_a, 1, ["民间借贷纠纷"]),
        staffed_unit(court_a, 2, ["民间借贷纠纷", "金融借款合同纠纷"]),
        staffed_unit(court_a, 3, ["民间借贷纠纷", "离婚纠纷"]),
        staffed_unit(court_a, 4, ["离婚纠纷"]),
    ]
