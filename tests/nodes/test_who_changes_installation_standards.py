"""Installation-wide standards are what every court works to: only the platform administrator
changes them. A court's own standard is changed by that court's office alone, and its draft is
seen by no other court."""

from __future__ import annotations

import pytest
from django.urls import reverse

from courtops.core.actors import SYSTEM
from courtops.core.exceptions import PermissionRefused
from nodes.choices import VersionStatus
from nodes.models import Standard, StandardVersion
from nodes.services import (
    node_spec_update,
    standard_draft_create,
    standard_draft_discard,
    standard_export_excel,
    standard_import_excel,
    standard_version_publish,
)


def _edit_first_node(actor, draft) -> None:
    spec = draft.specs.order_by("order").first()
    node_spec_update(actor=actor, spec_id=spec.pk, changes={"name": spec.name + "（修订）"})


def test_a_courts_office_cannot_change_an_installation_wide_standard(fixture_library, office_a):
    standard = Standard.objects.get(code="S01")
    assert standard.court_id is None
    with pytest.raises(PermissionRefused, match="platform administrator|平台管理员"):
        standard_draft_create(actor=office_a, standard_code="S01")
    data = standard_export_excel(version=standard.current, actor=SYSTEM)
    with pytest.raises(PermissionRefused):
        standard_import_excel(actor=office_a, data=data)
    assert not StandardVersion.objects.filter(status=VersionStatus.DRAFT).exists()


def test_the_office_cannot_publish_or_edit_a_draft_the_platform_opened(
    fixture_library, platform_admin, office_a
):
    draft = standard_draft_create(actor=platform_admin, standard_code="S01")
    with pytest.raises(PermissionRefused):
        _edit_first_node(office_a, draft)
    with pytest.raises(PermissionRefused):
        standard_version_publish(actor=office_a, version_id=draft.pk)
    with pytest.raises(PermissionRefused):
        standard_draft_discard(actor=office_a, version_id=draft.pk)
    _edit_first_node(platform_admin, draft)
    published = standard_version_publish(actor=platform_admin, version_id=draft.pk)
    assert Standard.objects.get(code="S01").current == published


def test_a_courts_own_standard_is_changed_by_its_office_only(
    fixture_library, office_a, office_b, client_for
):
    Standard.objects.filter(code="S02").update(court=office_a.court)
    draft = standard_draft_create(actor=office_a, standard_code="S02")
    with pytest.raises(PermissionRefused):
        _edit_first_node(office_b, draft)
    with pytest.raises(PermissionRefused):
        standard_version_publish(actor=office_b, version_id=draft.pk)
    # the other court does not even see the draft
    page = client_for(office_b).get(reverse("nodes:standard", args=["S02"])).content.decode()
    assert f"?v={draft.version}" not in page
    response = client_for(office_b).get(reverse("nodes:export", args=["S02", draft.version]))
    assert response.status_code == 404
    _edit_first_node(office_a, draft)
    standard_version_publish(actor=office_a, version_id=draft.pk)
    # the installation's standards are untouched
    assert Standard.objects.get(code="S01").versions.count() == 1


def test_the_standard_page_offers_changes_only_to_who_may_make_them(
    fixture_library, office_a, platform_admin, client_for
):
    office_page = client_for(office_a).get(reverse("nodes:standard", args=["S01"]))
    admin_page = client_for(platform_admin).get(reverse("nodes:standard", args=["S01"]))
    draft_url = reverse("nodes:draft", args=["S01"])
    assert draft_url not in office_page.content.decode()
    assert draft_url in admin_page.content.decode()
