"""Editing makes a draft that is published as a new version; the old version's specs — the rules
of tasks created under it — stay exactly as they were."""

from __future__ import annotations

import pytest

from courtops.core.exceptions import Conflict, PermissionRefused, ValidationFailed
from courtops.core.models import AuditEvent
from nodes.choices import VersionStatus
from nodes.models import ImmutableVersionError, NodeSpec, Standard, TemplateVersion
from nodes.selectors import versions_compare
from nodes.services import node_spec_update, standard_draft_create, standard_version_publish


def _edit_and_publish(office):
    draft = standard_draft_create(actor=office, standard_code="S01")
    spec = draft.specs.get(code="S01-002")
    node_spec_update(
        actor=office,
        spec_id=spec.pk,
        changes={
            "time_limit": {"amount": 2, "unit": "working_days", "starts": "task_ready"},
            "checklist": [{"code": "C1", "text": "邮件号已核对", "kind": "pass_fail"}],
            "visibility": ["case.number"],
            "pay_unit": "task",
        },
    )
    return standard_version_publish(actor=office, version_id=draft.pk)


def test_publishing_an_edit_makes_version_2_and_leaves_the_old_spec_alone(
    fixture_library, platform_admin
):
    old = NodeSpec.objects.published().get(code="S01-002")
    old_row = NodeSpec.objects.filter(pk=old.pk).values().get()
    v2 = _edit_and_publish(platform_admin)
    assert v2.version == 2 and v2.status == VersionStatus.PUBLISHED
    assert Standard.objects.get(code="S01").current_id == v2.pk
    new = NodeSpec.objects.published().get(code="S01-002")
    assert (new.time_amount, new.pay_unit, new.visibility) == (2, "task", ["case.number"])
    # a task holding the old spec keeps its limit, checklist, visibility and pay unit
    kept = NodeSpec.objects.get(pk=old.pk)
    assert NodeSpec.objects.filter(pk=old.pk).values().get() == old_row
    assert (kept.time_amount, kept.time_unit, kept.pay_unit) == (3, "statutory_days", "page")
    assert [c["code"] for c in kept.checklist] == ["C1", "C2"]
    assert kept.version.status == VersionStatus.SUPERSEDED
    # templates are re-bound to the new spec in a new template version
    current = TemplateVersion.objects.get(template__code="civil_test", status="published")
    assert current.steps.get(step_id="service_a.post").node_spec_id == new.pk
    assert AuditEvent.objects.filter(
        object_type="nodes.standardversion", action="transition"
    ).exists()


def test_the_two_versions_compare_side_by_side_with_changes_marked(fixture_library, platform_admin):
    v2 = _edit_and_publish(platform_admin)
    v1 = v2.standard.versions.get(version=1)
    cmp = versions_compare(v1, v2)
    row = next(r for r in cmp["nodes"] if r["code"] == "S01-002")
    changed = {name for name, _a, _b, diff in row["fields"] if diff}
    assert changed == {"time_limit", "checklist", "visibility", "pay_unit"}
    assert next(r for r in cmp["nodes"] if r["code"] == "S01-001")["state"] == "same"


def test_a_published_spec_cannot_be_saved_or_deleted(fixture_library):
    spec = NodeSpec.objects.published().get(code="S01-001")
    spec.name = "改名"
    with pytest.raises(ImmutableVersionError):
        spec.save()
    with pytest.raises(ImmutableVersionError):
        spec.delete()


def test_only_a_draft_can_be_edited(fixture_library, platform_admin):
    spec = NodeSpec.objects.published().get(code="S01-001")
    with pytest.raises(Conflict):
        node_spec_update(actor=platform_admin, spec_id=spec.pk, changes={"name": "改名"})


def test_an_edit_that_breaks_the_rules_is_refused(fixture_library, platform_admin):
    draft = standard_draft_create(actor=platform_admin, standard_code="S01")
    spec = draft.specs.get(code="S01-001")
    with pytest.raises(ValidationFailed):
        node_spec_update(actor=platform_admin, spec_id=spec.pk, changes={"performer": "robot"})


def test_a_draft_that_breaks_a_template_guard_is_not_published(fixture_library, platform_admin):
    draft = standard_draft_create(actor=platform_admin, standard_code="S01")
    spec = draft.specs.get(code="S01-002")
    outputs = [o for o in spec.outputs if o["name"] != "result"]
    node_spec_update(actor=platform_admin, spec_id=spec.pk, changes={"outputs": outputs})
    with pytest.raises(ValidationFailed) as exc:
        standard_version_publish(actor=platform_admin, version_id=draft.pk)
    assert any("guard field 'result'" in e for e in exc.value.errors)


def test_a_second_draft_and_an_unchanged_draft_are_refused(fixture_library, platform_admin):
    draft = standard_draft_create(actor=platform_admin, standard_code="S01")
    with pytest.raises(Conflict):
        standard_draft_create(actor=platform_admin, standard_code="S01")
    with pytest.raises(ValidationFailed):
        standard_version_publish(actor=platform_admin, version_id=draft.pk)


def test_only_the_office_may_write_the_library(fixture_library, judge_a, staff_x, leader_a):
    for person in (judge_a, staff_x, leader_a):
        with pytest.raises(PermissionRefused):
            standard_draft_create(actor=person, standard_code="S01")
