"""A court's office keeps its own variant of an installation-wide standard through the pages:
the standard's page has a section "this court's variant" (versions, which one is in force for
the court, a button to open a draft); the office opens the draft, edits a node with the same
form as the installation's draft, publishes or discards it. Only that office sees the section
and reaches the variant's URLs; other courts, companies and judges see none of it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nodes.choices import VersionStatus
from nodes.models import Standard, StandardVersion
from nodes.selectors import spec_in_force, standard_version_in_force

VARIANT_NAME = "本院变体里的节点名称"
SECTION = 'data-testid="court-variant"'


def _edit_data(form_response, **changes) -> dict:
    form = form_response.context["form"]
    data = dict(form.initial)
    data.update(
        outputs=form.fields["outputs"].prepare_value(data["outputs"]),
        checklist=form.fields["checklist"].prepare_value(data["checklist"]),
        **changes,
    )
    return {k: v for k, v in data.items() if v is not None}


def _open_variant_draft(client, court_id: int) -> StandardVersion:
    response = client.post(reverse("nodes:variant-draft", args=["S01", court_id]))
    assert response.status_code == 302
    return StandardVersion.objects.get(
        standard__code="S01", court_id=court_id, status=VersionStatus.DRAFT
    )


def test_the_office_drafts_edits_and_publishes_its_variant_in_the_pages(
    fixture_library, office_a, client_for
):
    standard = Standard.objects.get(code="S01")
    installation = standard.current
    client = client_for(office_a)
    page = client.get(reverse("nodes:standard", args=["S01"])).content.decode()
    assert SECTION in page and "本院变体" in page  # Chinese UI first
    assert reverse("nodes:variant-draft", args=["S01", office_a.court_id]) in page

    draft = _open_variant_draft(client, office_a.court_id)
    node = draft.specs.order_by("order").first().code
    edit_url = reverse(
        "nodes:variant-node-edit", args=["S01", office_a.court_id, draft.version, node]
    )
    shown = client.get(reverse("nodes:standard", args=["S01"]), {"variant": draft.version})
    assert edit_url in shown.content.decode()  # the draft's nodes link to the edit form

    form = client.get(edit_url)
    assert form.status_code == 200
    response = client.post(edit_url, _edit_data(form, name=VARIANT_NAME))
    assert response.status_code == 302, response.context and response.context["form"].errors
    publish = reverse("nodes:variant-publish", args=["S01", office_a.court_id, draft.version])
    assert publish in client.get(reverse("nodes:standard", args=["S01"])).content.decode()
    client.post(publish)

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert standard_version_in_force(standard=standard, court_id=office_a.court_id) == draft
    assert spec_in_force(code=node, court_id=office_a.court_id).name == VARIANT_NAME
    standard.refresh_from_db()
    assert standard.current == installation  # nobody else's version changed
    page = client.get(reverse("nodes:standard", args=["S01"]), {"variant": draft.version})
    assert VARIANT_NAME in page.content.decode()
    assert page.context["in_force"] == draft


def test_the_office_discards_a_variant_draft(fixture_library, office_a, client_for):
    client = client_for(office_a)
    draft = _open_variant_draft(client, office_a.court_id)
    client.post(reverse("nodes:variant-discard", args=["S01", office_a.court_id, draft.version]))
    assert not StandardVersion.objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["office_b", "judge_a", "supervisor_x", "staff_x"])
def test_nobody_else_sees_or_reaches_the_variant(
    fixture_library, office_a, client_for, who, request
):
    other = request.getfixturevalue(who)
    owner = client_for(office_a)
    draft = _open_variant_draft(owner, office_a.court_id)
    node = draft.specs.order_by("order").first().code
    client = client_for(other)
    page = client.get(reverse("nodes:standard", args=["S01"]), {"variant": draft.version})
    assert page.status_code == 200
    court = office_a.court_id
    # court B's office has a section of its own court's variant, with nothing of court A's
    assert (SECTION in page.content.decode()) == (who == "office_b")
    assert page.context["variants"] == [] and page.context["shown"] != draft
    assert f"/court/{court}/" not in page.content.decode()
    edit_url = reverse("nodes:variant-node-edit", args=["S01", court, draft.version, node])
    assert client.get(edit_url).status_code in (403, 404)
    for name in ("variant-publish", "variant-discard"):
        response = client.post(reverse(f"nodes:{name}", args=["S01", court, draft.version]))
        assert response.status_code in (403, 404), name
    assert client.post(reverse("nodes:variant-draft", args=["S01", court])).status_code in (
        403,
        404,
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT  # untouched
    assert StandardVersion.objects.filter(court_id=court).count() == 1


def test_the_platform_admin_keeps_the_installation_draft_flow(
    fixture_library, platform_admin, client_for
):
    client = client_for(platform_admin)
    page = client.get(reverse("nodes:standard", args=["S01"])).content.decode()
    assert SECTION not in page and reverse("nodes:draft", args=["S01"]) in page
