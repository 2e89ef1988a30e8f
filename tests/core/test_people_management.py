"""The office manages its court's people; a vendor supervisor the staff of its own company."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from courtops.core.choices import AuditAction, Role
from courtops.core.exceptions import PermissionRefused
from courtops.core.models import AuditEvent, Person
from courtops.core.services.people import person_reset_password, person_set_active, person_unlock
from tests.conftest import PASSWORD


def test_the_office_adds_a_judge_who_must_change_the_temporary_password(office_a, client_for):
    client = client_for(office_a)
    response = client.post(
        reverse("core:person-create"),
        {"username": "judge_new", "full_name": "新法官", "role": Role.JUDGE},
    )
    assert response.status_code == 302
    person = Person.objects.get(username="judge_new")
    assert person.court_id == office_a.court_id and person.must_change_password
    assert AuditEvent.objects.filter(
        object_type="core.person",
        object_id=str(person.pk),
        action=AuditAction.CREATE,
        actor=office_a,
    ).exists()


def test_a_supervisor_adds_staff_to_its_own_company_only(supervisor_x, client_for):
    client = client_for(supervisor_x)
    client.post(
        reverse("core:person-create"),
        {"username": "staff_new", "full_name": "新服务人员", "role": Role.VENDOR_STAFF},
    )
    person = Person.objects.get(username="staff_new")
    assert person.company_id == supervisor_x.company_id and person.role == Role.VENDOR_STAFF
    refused = client.post(
        reverse("core:person-create"),
        {"username": "boss", "full_name": "冒充", "role": Role.OFFICE},
    )
    assert refused.status_code == 200  # the form refuses the role
    assert not Person.objects.filter(username="boss").exists()


def test_judges_and_staff_may_not_add_people(judge_a, staff_x, client_for):
    for person in (judge_a, staff_x):
        assert client_for(person).get(reverse("core:person-create")).status_code == 403


def test_deactivating_needs_a_reason_and_blocks_login(office_a, judge_a, client_for):
    client = client_for(office_a)
    url = reverse("core:person-action", args=[judge_a.pk, "deactivate"])
    client.post(url, {"reason": ""})
    judge_a.refresh_from_db()
    assert judge_a.is_active
    client.post(url, {"reason": "调离本院"})
    judge_a.refresh_from_db()
    assert not judge_a.is_active
    assert (
        Client().post("/accounts/login/", {"username": "judge_a", "password": PASSWORD}).status_code
        == 200
    )


def test_another_courts_office_cannot_touch_our_people(office_b, judge_a, client_for):
    client = client_for(office_b)
    assert client.get(reverse("core:person", args=[judge_a.pk])).status_code == 404
    assert (
        client.post(
            reverse("core:person-action", args=[judge_a.pk, "deactivate"]), {"reason": "x"}
        ).status_code
        == 404
    )
    with pytest.raises(PermissionRefused):
        person_set_active(actor=office_b, person=judge_a, active=False, reason="x")
    judge_a.refresh_from_db()
    assert judge_a.is_active


def test_a_reset_password_works_once_and_must_be_changed(office_a, judge_a):
    temporary = person_reset_password(actor=office_a, person=judge_a, reason="忘记密码")
    client = Client()
    assert (
        client.post("/accounts/login/", {"username": "judge_a", "password": temporary}).status_code
        == 302
    )
    assert client.get("/")["Location"].endswith(reverse("password-change"))


def test_unlock_lifts_a_lockout(office_a, judge_a, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/accounts/login/", {"username": "judge_a", "password": "wrong"}, REMOTE_ADDR="10.0.0.9"
        )
    assert (
        client.post(
            "/accounts/login/",
            {"username": "judge_a", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.9",
        ).status_code
        != 302
    )
    person_unlock(actor=office_a, person=judge_a, reason="本人电话确认")
    assert (
        client.post(
            "/accounts/login/",
            {"username": "judge_a", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.9",
        ).status_code
        == 302
    )


def test_a_supervisor_cannot_manage_another_companys_staff(supervisor_y, staff_x):
    with pytest.raises(PermissionRefused):
        person_reset_password(actor=supervisor_y, person=staff_x, reason="x")
