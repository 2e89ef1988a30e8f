"""Issue 10.9 / 9.2: a failed login against a court's account is stored with that court and
seen by its office and auditors; company accounts' events (failed logins, logins, an unlock by
the supervisor) are seen by the office of every court the company serves, and by no one else."""

from __future__ import annotations

from django.test import Client

from courtops.core.choices import AuditAction
from courtops.core.models import AuditEvent
from courtops.core.selectors import audit_events_visible_to
from courtops.core.services.people import person_unlock
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def _fail(username: str, ip: str = "10.1.2.3"):
    Client().post(LOGIN, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_a_failed_login_of_a_court_account_is_the_courts_event(office_a, leader_a, judge_a):
    _fail("judge_a", "10.7.7.7")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.court_id == judge_a.court_id
    assert event.ip_address == "10.7.7.7"
    for reader in (office_a, leader_a):
        assert audit_events_visible_to(reader).filter(pk=event.pk).exists()


def test_another_court_does_not_see_it(office_a, judge_a, office_b):
    _fail("judge_a")
    assert not audit_events_visible_to(office_b).filter(action=AuditAction.LOGIN_FAILED).exists()


def test_company_events_are_seen_by_the_courts_the_company_serves(
    office_a, staff_x, supervisor_x, office_b, supervisor_y
):
    _fail("staff_x")
    Client().post(LOGIN, {"username": "supervisor_x", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    person_unlock(actor=supervisor_x, person=staff_x, reason="本人忘记密码")
    events = AuditEvent.objects.filter(company=staff_x.company_id)
    assert {e.action for e in events} >= {
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN,
        AuditAction.UPDATE,
    }
    seen_by_a = set(audit_events_visible_to(office_a).values_list("pk", flat=True))
    assert set(events.values_list("pk", flat=True)) <= seen_by_a
    assert not audit_events_visible_to(office_b).filter(company=staff_x.company_id).exists()


def test_an_unknown_username_is_recorded_for_the_installation_only(office_a):
    _fail("nobody-here")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.court_id is None and event.company_id is None
    assert not audit_events_visible_to(office_a).filter(pk=event.pk).exists()
