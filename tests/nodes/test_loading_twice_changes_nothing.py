from __future__ import annotations

from courtops.core.actors import SYSTEM
from courtops.core.models import AuditEvent
from nodes.models import NodeSpec, StandardVersion, TemplateStep, TemplateVersion
from nodes.services import catalog_load
from tests.nodes.conftest import FIXTURE_LIBRARY


def _snapshot():
    return {
        "versions": list(StandardVersion.objects.values_list("id", "status", "content_hash")),
        "specs": list(NodeSpec.objects.order_by("id").values()),
        "templates": list(TemplateVersion.objects.values_list("id", "status", "content_hash")),
        "steps": TemplateStep.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_the_first_load_publishes_every_standard_and_template(fixture_library):
    assert sorted(fixture_library.versions_created) == ["S01 v1", "S02 v1"]
    assert fixture_library.templates_created == ["civil_test v1"]
    assert NodeSpec.objects.published().count() == 8
    # fragments are inlined twice, with prefixed step ids
    ids = set(TemplateStep.objects.values_list("step_id", flat=True))
    assert {"service_a.address", "service_b.archive", "intake", "close"} <= ids


def test_loading_the_same_library_again_changes_nothing(fixture_library):
    before = _snapshot()
    report = catalog_load(actor=SYSTEM, root=FIXTURE_LIBRARY, complete=False)
    assert not report.changed
    assert sorted(report.standards_unchanged) == ["S01", "S02"]
    assert report.templates_unchanged == ["civil_test"]
    assert _snapshot() == before
