"""Issue 10.9: showing a party unmasked needs a non-empty reason (the form says so) and the
audit event carries the client's address."""

from __future__ import annotations

import pytest

from courtops.core.cases.services import party_reveal
from courtops.core.choices import AuditAction
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import AuditEvent
from tests.cases.test_masking_and_audit import PARTIES, register


@pytest.mark.parametrize("reason", ["", "   "])
def test_the_service_refuses_an_empty_reason(court_a, office_a, reason):
    case = register(court_a, 1, parties=PARTIES)
    with pytest.raises(ValidationFailed) as refused:
        party_reveal(actor=office_a, party_id=case.parties.get(name="张三").pk, reason=reason)
    assert refused.value.field == "reason"
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()


def test_the_page_asks_for_the_reason_and_shows_nothing_without_it(court_a, office_a, client_for):
    case = register(court_a, 1, parties=PARTIES)
    client = client_for(office_a)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'name="reason" required' in page
    party = case.parties.get(name="张三")
    response = client.post(f"/cases/{case.pk}/parties/{party.pk}/reveal/", {"reason": " "})
    body = response.content.decode()
    assert response.status_code == 400
    assert "440306199001011236" not in body
    assert "理由" in body


def test_the_unmask_event_carries_the_client_address(court_a, office_a, client_for):
    case = register(court_a, 1, parties=PARTIES)
    party = case.parties.get(name="张三")
    client_for(office_a).post(
        f"/cases/{case.pk}/parties/{party.pk}/reveal/",
        {"reason": "核对送达地址"},
        REMOTE_ADDR="10.20.30.40",
    )
    event = AuditEvent.objects.get(action=AuditAction.VIEW_PERSONAL_DATA)
    assert event.ip_address == "10.20.30.40"
    assert event.reason == "核对送达地址"
