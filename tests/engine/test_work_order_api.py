"""The work-order API: list and detail scoped like the case, each lifecycle step a POST action,
a refused step is 409 with the reason, bad outputs are 400 naming the step and field."""

from __future__ import annotations

from courtops.core.actors import SYSTEM
from nodes.engine import services as engine
from tests.engine.conftest import open_orders, plain_record


def test_list_detail_and_steps(test_case, office_a, office_b, client_for):
    wf = engine.workflow_start(actor=SYSTEM, case=test_case)
    wo = open_orders(wf)[0]
    client = client_for(office_a)
    listed = client.get(f"/api/work-orders/?case={test_case.pk}").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [wo.pk]
    assert client_for(office_b).get(f"/api/work-orders/{wo.pk}/").status_code == 404
    for verb in ("assign", "start"):
        response = client.post(
            f"/api/work-orders/{wo.pk}/{verb}/", {}, content_type="application/json"
        )
        assert response.status_code == 200, response.content
    bad = client.post(
        f"/api/work-orders/{wo.pk}/submit/",
        {"outputs": {"intake": {"case_no": "x"}}},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "intake.case_no" in bad.content.decode()
    record = plain_record(
        wo.steps.select_related("node_spec").get().node_spec.outputs, test_case.case_number
    )
    ok = client.post(
        f"/api/work-orders/{wo.pk}/submit/",
        {"outputs": {"intake": record}},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["status"] == "submitted"
    refused = client.post(f"/api/work-orders/{wo.pk}/assign/", {}, content_type="application/json")
    assert refused.status_code == 409
    detail = client.get(f"/api/work-orders/{wo.pk}/").json()
    assert detail["attempts"][0]["outputs"] == {"intake": record}
    assert detail["steps"][0]["step"] == "intake"
