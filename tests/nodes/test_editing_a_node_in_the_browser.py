from __future__ import annotations

from django.urls import reverse

from nodes.models import NodeSpec, Standard


def test_office_opens_a_draft_edits_a_node_and_publishes(
    fixture_library, client_for, platform_admin
):
    client = client_for(platform_admin)
    client.post(reverse("nodes:draft", args=["S02"]))
    url = reverse("nodes:node-edit", args=["S02", 2, "S02-002"])
    form = client.get(url)
    assert form.status_code == 200 and "依送达结果安排开庭" in form.content.decode()
    data = {k: v for k, v in form.context["form"].initial.items()}
    data.update(
        time_amount=3,
        time_unit="working_days",
        time_starts="task_ready",
        legal_basis="",
        outputs=form.context["form"].fields["outputs"].prepare_value(data["outputs"]),
        checklist=form.context["form"].fields["checklist"].prepare_value(data["checklist"]),
        sample_rate="",
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    client.post(reverse("nodes:publish", args=["S02", 2]))
    assert Standard.objects.get(code="S02").current.version == 2
    assert NodeSpec.objects.published().get(code="S02-002").time_amount == 3


def test_a_judge_cannot_open_the_edit_form(fixture_library, client_for, judge_a, platform_admin):
    client_for(platform_admin).post(reverse("nodes:draft", args=["S02"]))
    response = client_for(judge_a).get(reverse("nodes:node-edit", args=["S02", 2, "S02-002"]))
    assert response.status_code == 404  # a draft is seen only by whoever may change it


def test_office_sets_a_clock_from_a_recorded_date_and_a_foreign_period(
    fixture_library, client_for, platform_admin
):
    client = client_for(platform_admin)
    client.post(reverse("nodes:draft", args=["S01"]))
    url = reverse("nodes:node-edit", args=["S01", 2, "S01-004"])
    form = client.get(url)
    data = {k: v for k, v in form.context["form"].initial.items()}
    data.update(
        time_amount=5,
        time_unit="statutory_days",
        time_starts="output",
        time_start_ref="S01-002.posted_on",
        legal_basis="民事诉讼法第174条",
        foreign_amount=30,
        foreign_unit="statutory_days",
        foreign_basis="民事诉讼法第286条",
        outputs=form.context["form"].fields["outputs"].prepare_value(data["outputs"]),
        checklist=form.context["form"].fields["checklist"].prepare_value(data["checklist"]),
        sample_rate="",
    )
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    spec = NodeSpec.objects.get(code="S01-004", version__version=2)
    assert (spec.time_starts, spec.time_start_ref) == (
        "output",
        {"node": "S01-002", "field": "posted_on"},
    )
    assert spec.time_foreign == {
        "amount": 30,
        "unit": "statutory_days",
        "basis": "民事诉讼法第286条",
    }
    # the form shows them again as they were stored
    again = client.get(url).context["form"].initial
    assert (again["time_start_ref"], again["foreign_amount"]) == ("S01-002.posted_on", 30)
