"""On PostgreSQL a trigger refuses any UPDATE or DELETE of a published node spec, even one that
bypasses the model (queryset update, raw SQL)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from nodes.models import NodeSpec
from nodes.services import standard_draft_create, standard_version_publish

pytestmark = pytest.mark.postgres


def test_the_database_refuses_to_update_a_published_spec(fixture_library):
    spec = NodeSpec.objects.published().get(code="S01-002")
    with pytest.raises(Exception, match="nodespec_frozen_protect"), transaction.atomic():
        NodeSpec.objects.filter(pk=spec.pk).update(time_amount=99)
    with (
        pytest.raises(Exception, match="nodespec_frozen_protect"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute("DELETE FROM nodes_nodespec WHERE id = %s", [spec.pk])
    assert NodeSpec.objects.get(pk=spec.pk).time_amount == 3


def test_a_draft_spec_can_still_be_changed(fixture_library, platform_admin):
    draft = standard_draft_create(actor=platform_admin, standard_code="S01")
    assert NodeSpec.objects.filter(version=draft, code="S01-002").update(time_amount=7) == 1


def test_setting_pgtrigger_ignore_does_not_open_a_published_spec(fixture_library):
    # pgtrigger's own triggers skip themselves when a session sets this; the plain trigger does not.
    spec = NodeSpec.objects.published().get(code="S01-002")
    with (
        pytest.raises(Exception, match="nodespec_frozen_protect"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(
            "SET LOCAL pgtrigger.ignore = "
            "'{nodes_nodespec:pgtrigger_nodespec_frozen_protect_c1ccc,"
            "nodes_nodespec:nodespec_frozen_protect}'"
        )
        cur.execute("UPDATE nodes_nodespec SET time_amount = 99 WHERE id = %s", [spec.pk])
    with (
        pytest.raises(Exception, match="nodespec_frozen_protect"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute("SET LOCAL pgtrigger.ignore = '{nodes_nodespec:nodespec_frozen_protect}'")
        cur.execute("DELETE FROM nodes_nodespec WHERE id = %s", [spec.pk])
    assert NodeSpec.objects.get(pk=spec.pk).time_amount == 3


def test_publishing_a_draft_still_works_and_freezes_its_specs(fixture_library, platform_admin):
    draft = standard_draft_create(actor=platform_admin, standard_code="S01")
    NodeSpec.objects.filter(version=draft, code="S01-002").update(time_amount=7)
    standard_version_publish(actor=platform_admin, version_id=draft.pk)
    spec = NodeSpec.objects.get(version=draft, code="S01-002")
    assert spec.frozen
    with pytest.raises(Exception, match="nodespec_frozen_protect"), transaction.atomic():
        NodeSpec.objects.filter(pk=spec.pk).update(time_amount=8)
