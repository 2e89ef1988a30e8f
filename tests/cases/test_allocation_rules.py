"""分案: eligibility by cause and complexity, weighted load, judges within a unit, versions
and explanations, reallocation and recusal, dry runs, batches."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from courtops.core.actors import SYSTEM
from courtops.core.cases.choices import AllocationKind, RuleComplexity, RuleSetStatus
from courtops.core.cases.services import (
    allocation_preview,
    case_reallocate,
    case_recuse,
    cases_allocate,
    cases_register_batch,
    rule_add,
    ruleset_draft,
    ruleset_publish,
    ruleset_update,
)
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, PermissionRefused, ValidationFailed
from courtops.core.models import AuditEvent, Case, CaseAllocation

from .conftest import cause, register, staffed_unit


def _allocate(office, case):
    cases_allocate(actor=office, court=case.court, case_ids=[case.pk])
    case.refresh_from_db()
    return case


def test_cases_spread_over_the_eligible_units_by_load(court_a, office_a, lending_units):
    units = [_allocate(office_a, register(court_a, n)).trial_unit.number for n in range(1, 7)]
    assert units == [1, 2, 3, 1, 2, 3]


def test_a_cause_only_goes_to_units_that_handle_it(court_a, office_a, lending_units):
    got = {
        _allocate(office_a, register(court_a, n, "离婚纠纷")).trial_unit.number for n in range(1, 5)
    }
    assert got == {3, 4}


def test_the_explanation_names_the_unit_the_cause_the_candidates_and_the_load(
    court_a, office_a, lending_units, settings
):
    settings.LANGUAGE_CODE = "en"
    _allocate(office_a, register(court_a, 1))
    case = _allocate(office_a, register(court_a, 2))
    assert case.allocation_explanation.startswith(
        "单元2: handles 民间借贷纠纷; lowest weighted open load of 3 candidate units (0.0)"
    )
    assert "judge 法官" in case.allocation_explanation
    record = case.allocations.get()
    assert record.details["candidates"] == {"单元1": 1.0, "单元2": 0.0, "单元3": 0.0}


def test_weights_by_procedure_and_cause_decide_the_load(court_a, office_a, lending_units):
    draft = ruleset_draft(actor=office_a, court=court_a)
    ruleset_update(
        actor=office_a,
        rule_set=draft,
        procedure_weights={"civil_ordinary": 3},
        cause_weights={str(cause("金融借款合同纠纷").pk): 2},
    )
    ruleset_publish(actor=office_a, rule_set=draft)
    # Unit 2 gets a 金融借款 ordinary case: weight 3 × 2 = 6.
    fin = _allocate(office_a, register(court_a, 1, "金融借款合同纠纷", procedure="civil_ordinary"))
    assert fin.trial_unit.number == 2
    # Simple 民间借贷 cases weigh 1: units 1 and 3 take six each before unit 2 (load 6) takes
    # one; at equal load the unit with fewer open cases (unit 2, one case) wins the tie.
    got = [
        _allocate(office_a, register(court_a, n, procedure="civil_simple")).trial_unit.number
        for n in range(2, 15)
    ]
    assert Counter(got[:12]) == Counter({1: 6, 3: 6}) and got[12] == 2


def test_a_rule_for_a_cause_and_complexity_overrides_the_units_lists(
    court_a, office_a, lending_units
):
    draft = ruleset_draft(actor=office_a, court=court_a)
    rule_add(
        actor=office_a,
        rule_set=draft,
        cause=cause("借款合同纠纷"),
        complexity=RuleComplexity.COMPLEX,
        units=[lending_units[3]],
        note="繁案集中",
    )
    published = ruleset_publish(actor=office_a, rule_set=draft)
    complex_case = _allocate(
        office_a, register(court_a, 1, procedure="civil_ordinary")
    )  # 民间借贷 ⊂ 借款合同
    simple_case = _allocate(office_a, register(court_a, 2, procedure="civil_simple"))
    assert complex_case.trial_unit.number == 4
    assert complex_case.allocation_rule_set == published and published.version == 1
    assert "借款合同纠纷" in complex_case.allocation_explanation
    assert simple_case.trial_unit.number in (1, 2, 3)


def test_a_unit_that_does_not_take_complex_cases_gets_none(court_a, office_a):
    staffed_unit(court_a, 1, ["离婚纠纷"], handles_complex=False)
    staffed_unit(court_a, 2, ["离婚纠纷"])
    got = {
        _allocate(
            office_a, register(court_a, n, "离婚纠纷", procedure="civil_ordinary")
        ).trial_unit.number
        for n in range(1, 4)
    }
    assert got == {2}


def test_a_cause_no_unit_handles_is_refused_with_its_name(court_a, office_a, lending_units):
    case = register(court_a, 1, "物业服务合同纠纷")
    with pytest.raises(ValidationFailed, match="物业服务合同纠纷"):
        cases_allocate(actor=office_a, court=court_a, case_ids=[case.pk])
    case.refresh_from_db()
    assert case.trial_unit is None


def test_within_a_unit_the_judge_with_the_lowest_load_gets_the_case(court_a, office_a):
    unit = staffed_unit(court_a, 1, ["离婚纠纷"])
    judges = [_allocate(office_a, register(court_a, n, "离婚纠纷")).judge_id for n in range(1, 7)]
    assert Counter(judges) == Counter({j: 2 for j in set(judges)}) and len(set(judges)) == 3
    assert set(judges) == set(unit.members.filter(role="judge").values_list("person_id", flat=True))


def test_only_the_office_allocates(court_a, judge_a, lending_units):
    case = register(court_a, 1)
    with pytest.raises(PermissionRefused):
        cases_allocate(actor=judge_a, court=court_a, case_ids=[case.pk])


def test_a_published_rule_set_cannot_be_edited_and_publishing_retires_the_old_version(
    court_a, office_a, lending_units
):
    first = ruleset_publish(actor=office_a, rule_set=ruleset_draft(actor=office_a, court=court_a))
    with pytest.raises(Conflict):
        ruleset_update(actor=office_a, rule_set=first, tie_break="unit_number")
    second = ruleset_publish(actor=office_a, rule_set=ruleset_draft(actor=office_a, court=court_a))
    first.refresh_from_db()
    assert (first.status, second.status, second.version) == (
        RuleSetStatus.RETIRED,
        RuleSetStatus.ACTIVE,
        2,
    )


def test_reallocation_needs_a_reason_moves_the_case_and_is_audited(
    court_a, office_a, lending_units
):
    case = _allocate(office_a, register(court_a, 1))
    with pytest.raises(ValidationFailed):
        case_reallocate(actor=office_a, case_id=case.pk, reason=" ")
    moved = case_reallocate(actor=office_a, case_id=case.pk, reason="关联案件由单元2审理")
    assert moved.trial_unit.number != 1
    record = CaseAllocation.objects.filter(case=case, kind=AllocationKind.REALLOCATION).get()
    assert record.reason == "关联案件由单元2审理"
    event = AuditEvent.objects.filter(object_id=str(case.pk), reason="关联案件由单元2审理").get()
    assert event.changes["trial_unit"][0] == lending_units[0].pk


def test_recusal_gives_the_case_to_another_judge_of_the_same_unit(court_a, office_a, lending_units):
    case = _allocate(office_a, register(court_a, 1))
    before = case.judge_id
    after = case_recuse(actor=office_a, case_id=case.pk, reason="审判人员与当事人有近亲属关系")
    assert after.judge_id != before and after.trial_unit_id == case.trial_unit_id
    assert AuditEvent.objects.filter(
        object_id=str(case.pk), action=AuditAction.UPDATE, reason__contains="近亲属"
    ).exists()


def test_a_dry_run_shows_where_cases_would_go_and_saves_nothing(court_a, office_a, lending_units):
    cases = [register(court_a, n) for n in range(1, 21)]
    preview = allocation_preview(court=court_a, rule_set=None, cases=cases)
    assert Counter(d.unit.number for _c, d in preview) == Counter({1: 7, 2: 7, 3: 6})
    assert not Case.objects.filter(trial_unit__isnull=False).exists()
    assert not CaseAllocation.objects.exists()


def _rows(court, n):
    causes = ["民间借贷纠纷", "离婚纠纷", "金融借款合同纠纷"]
    return [
        {
            "case_number": f"（2026）{court.code}民初{i}号",
            "cause": causes[i % 3],
            "procedure": "civil_simple" if i % 4 else "civil_ordinary",
            "filing_date": dt.date(2026, 1, 1) + dt.timedelta(days=i % 300),
        }
        for i in range(1, n + 1)
    ]


def _setup(court):
    staffed_unit(court, 1, ["民间借贷纠纷"])
    staffed_unit(court, 2, ["民间借贷纠纷", "金融借款合同纠纷"])
    staffed_unit(court, 3, ["民间借贷纠纷", "离婚纠纷"])
    staffed_unit(court, 4, ["离婚纠纷", "金融借款合同纠纷"])


def test_a_batch_of_500_is_allocated_exactly_as_one_by_one(court_a, court_b):
    for court in (court_a, court_b):
        _setup(court)
        cases_register_batch(actor=SYSTEM, court=court, rows=_rows(court, 500))
    cases_allocate(actor=SYSTEM, court=court_a)  # one batch
    for pk in (
        Case.objects.filter(court=court_b)
        .order_by("filing_date", "pk")
        .values_list("pk", flat=True)
    ):
        cases_allocate(actor=SYSTEM, court=court_b, case_ids=[pk])

    def outcome(court):
        return [
            (c.serial, c.trial_unit.number, c.judge.full_name[:2])
            for c in Case.objects.filter(court=court)
            .select_related("trial_unit", "judge")
            .order_by("serial")
        ]

    a, b = outcome(court_a), outcome(court_b)
    assert [x[:2] for x in a] == [x[:2] for x in b]
    loads = Counter(unit for _s, unit, _j in a)
    assert sum(loads.values()) == 500
    # Balanced: every unit within a few cases of the others (cause lists differ per unit).
    assert max(loads.values()) - min(loads.values()) <= 5


def test_the_explanation_is_written_in_the_courts_language(court_a, office_a, lending_units):
    _allocate(office_a, register(court_a, 1))
    case = _allocate(office_a, register(court_a, 2))
    assert case.allocation_explanation.startswith(
        "单元2：受理民间借贷纠纷；3个候选单元中加权在办量最低（0.0）；单元内法官"
    )
