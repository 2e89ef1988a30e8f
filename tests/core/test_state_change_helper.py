"""Every state change goes through one helper: locked, authorized, checked, saved, audited in the
same transaction, follow-up work only after commit. Shown on the case lifecycle (filed → in trial
→ closed → archived), through the services, the API and the helper itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from courtops.core.actors import SYSTEM
from courtops.core.cases.choices import CaseStatus
from courtops.core.cases.services import case_archive, case_close, case_start_trial
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, PermissionRefused
from courtops.core.models import AuditEvent, Case
from courtops.core.transitions import transition_run
from tests.cases.conftest import register, staffed_unit


def _transitions(case: Case) -> list[dict]:
    return list(
        AuditEvent.objects.filter(
            action=AuditAction.TRANSITION, object_type="core.case", object_id=str(case.pk)
        ).values_list("changes", flat=True)
    )


@pytest.fixture
def case(court_a):
    """A filed case with a trial unit (only an allocated case can go to trial)."""
    unit = staffed_unit(court_a, 1, ["民间借贷纠纷"], judges=1, assistants=0)
    case = register(court_a, 1)
    Case.objects.filter(pk=case.pk).update(trial_unit=unit)
    return Case.objects.get(pk=case.pk)


def test_an_allowed_step_changes_the_state_and_writes_its_audit_event(case, office_a):
    moved = case_start_trial(actor=office_a, case_id=case.pk)
    assert moved.status == CaseStatus.IN_TRIAL
    case.refresh_from_db()  # protected FSM field: refreshing still works
    assert case.status == CaseStatus.IN_TRIAL
    assert _transitions(case) == [{"status": ["filed", "in_trial"]}]
    event = AuditEvent.objects.get(action=AuditAction.TRANSITION, object_id=str(case.pk))
    assert event.actor_id == office_a.pk


def test_a_refused_step_is_a_conflict_naming_the_current_state_in_chinese(case, office_a):
    with pytest.raises(Conflict) as refused:
        case_archive(actor=office_a, case_id=case.pk)
    assert "已立案" in refused.value.message  # the label of "filed"
    assert refused.value.status_code == 409
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED and _transitions(case) == []


def test_the_api_answers_a_refused_step_with_409_naming_the_state(case, office_a, court_a):
    client = APIClient()
    client.force_authenticate(office_a)
    refused = client.post(f"/api/cases/{case.pk}/archive/")
    assert refused.status_code == 409
    assert "已立案" in refused.json()["detail"]
    allowed = client.post(f"/api/cases/{case.pk}/start-trial/")
    assert allowed.status_code == 200 and allowed.json()["status"] == "in_trial"


def test_rerunning_a_step_that_already_happened_changes_nothing(case, office_a):
    case_start_trial(actor=office_a, case_id=case.pk)
    before = Case.objects.values().get(pk=case.pk)
    again = case_start_trial(actor=office_a, case_id=case.pk)
    assert again.status == CaseStatus.IN_TRIAL
    assert Case.objects.values().get(pk=case.pk) == before  # not even updated_at moved
    assert len(_transitions(case)) == 1


def test_closing_a_closed_case_again_is_refused_so_its_manner_and_date_stand(case, office_a):
    case_close(actor=office_a, case_id=case.pk, manner="judgment", closing_date=dt.date(2026, 4, 1))
    with pytest.raises(Conflict, match="已结案"):
        case_close(
            actor=office_a, case_id=case.pk, manner="withdrawal", closing_date=dt.date(2026, 4, 2)
        )
    case.refresh_from_db()
    assert (case.closing_manner, case.closing_date) == ("judgment", dt.date(2026, 4, 1))


def test_the_audit_event_rolls_back_with_the_change(case, office_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        case_start_trial(actor=office_a, case_id=case.pk)
        assert len(_transitions(case)) == 1  # written inside the same transaction
        raise RuntimeError("the caller's transaction fails after the step")
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED
    assert _transitions(case) == []


def test_follow_up_work_runs_only_after_commit(case, django_capture_on_commit_callbacks):
    ran: list[str] = []
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition_run(
            instance=case,
            transition="start_trial",
            actor=SYSTEM,
            on_commit=[lambda: ran.append("notified")],
        )
        assert ran == []  # nothing runs inside the transaction
    assert len(callbacks) == 1
    callbacks[0]()
    assert ran == ["notified"]


def test_a_refused_or_rolled_back_step_enqueues_nothing(case, django_capture_on_commit_callbacks):
    ran: list[str] = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Conflict):
            transition_run(
                instance=case,
                transition="archive",
                actor=SYSTEM,
                on_commit=[lambda: ran.append("archived")],
            )
        with pytest.raises(RuntimeError), transaction.atomic():
            transition_run(
                instance=case,
                transition="start_trial",
                actor=SYSTEM,
                on_commit=[lambda: ran.append("in trial")],
            )
            raise RuntimeError("rolled back")
    assert callbacks == [] and ran == []


def test_the_permission_check_runs_on_the_locked_row_before_anything_is_written(
    case, office_b, judge_a
):
    with pytest.raises(PermissionRefused):
        case_start_trial(actor=judge_a, case_id=case.pk)  # not the judge of this case
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED and _transitions(case) == []


def test_no_actor_is_a_programming_error_not_a_skipped_check(case):
    with pytest.raises(TypeError, match="SYSTEM"):
        case_start_trial(actor=None, case_id=case.pk)  # type: ignore[arg-type]


def test_the_state_cannot_be_assigned_directly(case):
    with pytest.raises(AttributeError):
        case.status = CaseStatus.CLOSED
