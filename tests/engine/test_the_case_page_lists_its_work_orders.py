"""The case page has a "工单" section listing the case's work orders with their state and due
time; a case without a workflow shows no such section."""

from __future__ import annotations

from django.urls import reverse

from courtops.core.actors import SYSTEM
from nodes.engine import services as engine
from tests.engine.conftest import do, open_orders


def test_the_section_shows_state_and_due_time(test_case, office_a, client_for):
    client = client_for(office_a)
    url = reverse("cases:detail", args=[test_case.pk])
    assert 'data-testid="work-orders"' not in client.get(url).content.decode()
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    do(open_orders(wf)[0])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="work-orders"' in page
    assert "工单" in page
    assert "已验收" in page and "待领取" in page
    due = open_orders(wf)[0].due_at
    from django.utils import timezone

    assert timezone.localtime(due).strftime("%Y-%m-%d %H:%M") in page
