"""Template versions loaded before the second edition keep their version: the migration gives
each step a work order of its own (the first edition's unit of work) and the court levels the
template ran at."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("nodes", "0004_template_procedure_from_case_procedures")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_first_edition_template_versions_get_single_step_work_orders_and_court_levels():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    Board = old.get_model("nodes", "Board")
    Standard = old.get_model("nodes", "Standard")
    StandardVersion = old.get_model("nodes", "StandardVersion")
    NodeType = old.get_model("nodes", "NodeType")
    NodeSpec = old.get_model("nodes", "NodeSpec")
    Template = old.get_model("nodes", "Template")
    TemplateVersion = old.get_model("nodes", "TemplateVersion")
    TemplateStep = old.get_model("nodes", "TemplateStep")
    board = Board.objects.create(code="trial", name="审判服务")
    standard = Standard.objects.create(code="S02", board=board)
    sv = StandardVersion.objects.create(
        standard=standard,
        version=1,
        status="published",
        number="粤1971-FW-02",
        title="立案",
        scope="立案",
        content_hash="x",
        source="library",
    )
    versions = {}
    for procedure in ("civil_ordinary", "civil_second"):
        template = Template.objects.create(code=procedure, procedure=procedure)
        versions[procedure] = TemplateVersion.objects.create(
            template=template, version=1, name=procedure, procedure=procedure, content_hash="y"
        )
    for i, (code, review, rate) in enumerate(
        (("S02-001", "always", None), ("S02-002", "sampled", "0.200"))
    ):
        node_type = NodeType.objects.create(code=code, standard=standard)
        spec = NodeSpec.objects.create(
            version=sv,
            node_type=node_type,
            code=code,
            name=f"节点{i}",
            performer="company_staff",
            instruction="…",
            review=review,
            sample_rate=rate,
            pay_unit="task",
        )
        for tv in versions.values():
            TemplateStep.objects.create(
                version=tv, step_id=f"s{i}", node_spec=spec, node_type=node_type, order=i
            )
    try:
        new = _migrate(latest)
        TemplateVersion = new.get_model("nodes", "TemplateVersion")
        TemplateStep = new.get_model("nodes", "TemplateStep")
        ordinary = TemplateVersion.objects.get(template__code="civil_ordinary")
        second = TemplateVersion.objects.get(template__code="civil_second")
        assert ordinary.version == 1 and ordinary.court_levels == ["basic", "intermediate", "high"]
        assert second.court_levels == ["intermediate", "high", "supreme"]
        steps = TemplateStep.objects.filter(version=ordinary).select_related("work_order")
        orders = {s.step_id: s.work_order for s in steps}
        assert {k: (w.wo_id, w.review, w.declared) for k, w in orders.items()} == {
            "s0": ("s0", "always", False),
            "s1": ("s1", "sampled", False),
        }
        assert str(orders["s1"].sample_rate) == "0.200"
    finally:
        _migrate(latest)
