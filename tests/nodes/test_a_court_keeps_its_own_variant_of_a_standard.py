"""A court may keep its own variant of an installation-wide standard without changing anyone
else's: its office drafts it from the version in force, edits and publishes it; only that court
sees it and works to it; other courts keep the installation's version, and a new installation
version does not overwrite the court's variant."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courtops.core.exceptions import Conflict, PermissionRefused
from nodes.choices import VersionStatus
from nodes.models import NodeSpec, Standard, StandardVersion, TemplateVersion
from nodes.selectors import spec_in_force, standard_variant_versions, standard_version_in_force
from nodes.services import (
    node_spec_update,
    standard_draft_create,
    standard_draft_discard,
    standard_variant_draft_create,
    standard_version_publish,
)

VARIANT_NAME = "本院自定义节点名称"


def _rename_first_node(actor, draft, name: str) -> NodeSpec:
    spec = draft.specs.order_by("order").first()
    return node_spec_update(actor=actor, spec_id=spec.pk, changes={"name": name})


def _variant_of_a(office_a) -> StandardVersion:
    draft = standard_variant_draft_create(
        actor=office_a, standard_code="S01", court_id=office_a.court_id
    )
    _rename_first_node(office_a, draft, VARIANT_NAME)
    return standard_version_publish(actor=office_a, version_id=draft.pk)


def test_a_courts_office_drafts_edits_and_publishes_its_variant(fixture_library, office_a):
    standard = Standard.objects.get(code="S01")
    installation = standard.current
    first = installation.specs.order_by("order").first()
    templates_before = TemplateVersion.objects.count()
    draft = standard_variant_draft_create(
        actor=office_a, standard_code="S01", court_id=office_a.court_id
    )
    assert draft.court_id == office_a.court_id and draft.status == VersionStatus.DRAFT
    assert draft.specs.count() == installation.specs.count()  # a copy of the version in force
    with pytest.raises(Conflict):  # one draft per court at a time
        standard_variant_draft_create(
            actor=office_a, standard_code="S01", court_id=office_a.court_id
        )
    _rename_first_node(office_a, draft, VARIANT_NAME)
    published = standard_version_publish(actor=office_a, version_id=draft.pk)
    assert published.status == VersionStatus.PUBLISHED and published.court_id == office_a.court_id
    # court A works to its variant …
    assert standard_version_in_force(standard=standard, court_id=office_a.court_id) == published
    assert spec_in_force(code=first.code, court_id=office_a.court_id).name == VARIANT_NAME
    # … and nothing of anyone else's changed: the installation's version, its specs, templates
    standard.refresh_from_db()
    assert standard.current == installation
    installation.refresh_from_db()
    assert installation.status == VersionStatus.PUBLISHED
    assert NodeSpec.objects.get(pk=first.pk).name == first.name
    assert TemplateVersion.objects.count() == templates_before


def test_another_court_sees_none_of_it_and_works_to_the_installations_version(
    fixture_library, office_a, office_b
):
    standard = Standard.objects.get(code="S01")
    first = standard.current.specs.order_by("order").first()
    draft = standard_variant_draft_create(
        actor=office_a, standard_code="S01", court_id=office_a.court_id
    )
    # court B's office cannot touch court A's draft
    with pytest.raises(PermissionRefused):
        _rename_first_node(office_b, draft, "乙院改的")
    with pytest.raises(PermissionRefused):
        standard_version_publish(actor=office_b, version_id=draft.pk)
    with pytest.raises(PermissionRefused):
        standard_draft_discard(actor=office_b, version_id=draft.pk)
    assert standard_variant_versions(standard=standard, user=office_b) == []
    assert standard_variant_versions(standard=standard, user=office_a) == [draft]
    _rename_first_node(office_a, draft, VARIANT_NAME)
    standard_version_publish(actor=office_a, version_id=draft.pk)
    assert standard_version_in_force(standard=standard, court_id=office_b.court_id) == (
        standard.current
    )
    assert spec_in_force(code=first.code, court_id=office_b.court_id).name == first.name
    assert spec_in_force(code=first.code, court_id=None).name == first.name
    # every installation-wide read still shows one spec per node, the installation's
    assert list(NodeSpec.objects.published().filter(code=first.code)) == [first]


@pytest.mark.parametrize("who", ["office_b", "supervisor_x", "staff_x", "judge_a"])
def test_only_that_courts_office_opens_its_variant(fixture_library, office_a, who, request):
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionRefused):
        standard_variant_draft_create(actor=person, standard_code="S01", court_id=office_a.court_id)
    assert not StandardVersion.objects.filter(court__isnull=False).exists()


def test_a_new_installation_version_does_not_overwrite_the_courts_variant(
    fixture_library, office_a, office_b, platform_admin
):
    standard = Standard.objects.get(code="S01")
    first_code = standard.current.specs.order_by("order").first().code
    variant = _variant_of_a(office_a)
    draft = standard_draft_create(actor=platform_admin, standard_code="S01")
    _rename_first_node(platform_admin, draft, "平台新版名称")
    new = standard_version_publish(actor=platform_admin, version_id=draft.pk)
    standard.refresh_from_db()
    variant.refresh_from_db()
    assert variant.status == VersionStatus.PUBLISHED  # not superseded by the platform
    assert standard_version_in_force(standard=standard, court_id=office_a.court_id) == variant
    assert spec_in_force(code=first_code, court_id=office_a.court_id).name == VARIANT_NAME
    assert standard_version_in_force(standard=standard, court_id=office_b.court_id) == new
    assert spec_in_force(code=first_code, court_id=office_b.court_id).name == "平台新版名称"
    # the court takes the new installation version only by opening a new draft of its variant
    # (copied from its own variant) or by no longer keeping one; nothing happens behind it
    next_draft = standard_variant_draft_create(
        actor=office_a, standard_code="S01", court_id=office_a.court_id
    )
    assert next_draft.specs.order_by("order").first().name == VARIANT_NAME


def test_pages_and_api_of_the_library_show_no_courts_variant(
    fixture_library, office_a, office_b, client_for
):
    standard = Standard.objects.get(code="S01")
    first_code = standard.current.specs.order_by("order").first().code
    _variant_of_a(office_a)
    for person in (office_a, office_b):
        client = client_for(person)
        pages = [
            client.get(reverse("nodes:standard", args=["S01"])),
            client.get(reverse("nodes:node", args=[first_code])),
            client.get(reverse("nodes:search"), {"board": ""}),
            client.get(reverse("api-nodes-node-types")),
            client.get(reverse("api-nodes-node-type", args=[first_code])),
            client.get(reverse("api-nodes-standard-versions", args=["S01"])),
        ]
        for response in pages:
            assert response.status_code == 200, response.request["PATH_INFO"]
            assert VARIANT_NAME not in response.content.decode(), response.request["PATH_INFO"]
    found = client_for(office_a).get(reverse("api-nodes-node-types"), {"q": VARIANT_NAME})
    assert found.json()["count"] == 0
    versions = client_for(office_b).get(reverse("api-nodes-standard-versions", args=["S01"]))
    assert [v["version"] for v in versions.json()] == [standard.current.version]
