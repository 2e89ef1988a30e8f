"""Personal data: stored once, shown masked, unmasked only with permission and an audit event."""

from __future__ import annotations

import pytest

from courtops.core.cases.masking import (
    FieldPolicy,
    mask_address,
    mask_id_number,
    mask_phone,
    present,
)
from courtops.core.cases.services import party_reveal
from courtops.core.choices import AuditAction
from courtops.core.exceptions import NotFound, PermissionRefused
from courtops.core.models import AuditEvent

from .conftest import register

PARTIES = [
    {
        "role": "plaintiff",
        "name": "张三",
        "id_number": "440306199001011236",
        "phone": "13812345678",
        "address": "广东省东莞市南城街道鸿福路1号",
    },
    {
        "role": "defendant",
        "kind": "organisation",
        "name": "东莞市某某贸易有限公司",
        "id_number": "91441900MA4W8K2L3X",
        "phone": "076922223333",
    },
]


def test_the_maskers_hide_the_middle():
    assert mask_id_number("440306199001011236") == "440306********1236"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_address("广东省东莞市南城街道鸿福路1号") == "广东省东莞市****"


def test_a_policy_can_hide_fields_and_unmask_others(court_a):
    case = register(court_a, 1, parties=PARTIES)
    person = case.parties.get(name="张三")
    assert present(person) == {
        "id_number": "440306********1236",
        "phone": "138****5678",
        "address": "广东省东莞市****",
    }
    postal = FieldPolicy(visible=frozenset({"phone", "address"}), unmasked=frozenset({"address"}))
    assert present(person, postal) == {
        "phone": "138****5678",
        "address": "广东省东莞市南城街道鸿福路1号",
    }


def test_organisations_registration_data_is_not_masked(court_a):
    case = register(court_a, 1, parties=PARTIES)
    assert present(case.parties.get(kind="organisation"))["id_number"] == "91441900MA4W8K2L3X"


def test_the_case_page_shows_parties_masked(court_a, office_a, client_for):
    case = register(court_a, 1, parties=PARTIES)
    body = client_for(office_a).get(f"/cases/{case.pk}/").content.decode()
    assert "440306********1236" in body and "138****5678" in body
    assert "440306199001011236" not in body and "13812345678" not in body


def test_unmasking_writes_an_audit_event_without_the_values(court_a, office_a, client_for):
    case = register(court_a, 1, parties=PARTIES)
    party = case.parties.get(name="张三")
    response = client_for(office_a).post(
        f"/cases/{case.pk}/parties/{party.pk}/reveal/", {"reason": "核对送达地址"}
    )
    assert "440306199001011236" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.VIEW_PERSONAL_DATA)
    assert event.actor_id == office_a.pk and event.reason == "核对送达地址"
    assert event.changes["fields"] == ["address", "id_number", "phone"]
    assert "440306199001011236" not in str(event.changes)


def test_leadership_without_the_permission_cannot_unmask(court_a, leader_a):
    case = register(court_a, 1, parties=PARTIES)
    with pytest.raises(PermissionRefused):
        party_reveal(actor=leader_a, party_id=case.parties.first().pk, reason="核对")
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_the_django_permission_grants_unmasking(court_a, leader_a):
    from django.contrib.auth.models import Permission

    leader_a.user_permissions.add(Permission.objects.get(codename="reveal_personal_data"))
    case = register(court_a, 1, parties=PARTIES)
    from courtops.core.models import Person

    leader = Person.objects.get(pk=leader_a.pk)  # fresh permission cache
    assert (
        party_reveal(actor=leader, party_id=case.parties.get(name="张三").pk, reason="核对")[
            "phone"
        ]
        == "13812345678"
    )


def test_a_judge_outside_the_cases_unit_cannot_unmask(court_a, judge_a):
    case = register(court_a, 1, parties=PARTIES)
    with pytest.raises((PermissionRefused, NotFound)):
        party_reveal(actor=judge_a, party_id=case.parties.first().pk, reason="核对")


def test_another_court_cannot_unmask(court_a, office_b):
    case = register(court_a, 1, parties=PARTIES)
    with pytest.raises(NotFound):
        party_reveal(actor=office_b, party_id=case.parties.first().pk, reason="核对")


def test_the_api_shows_parties_masked(court_a, office_a, client_for):
    case = register(court_a, 1, parties=PARTIES)
    data = client_for(office_a).get(f"/api/cases/{case.pk}/").json()
    person = next(p for p in data["parties"] if p["name"] == "张三")
    assert person["id_number"] == "440306********1236" and person["phone"] == "138****5678"
