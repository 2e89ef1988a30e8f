"""Every procedure a case can be registered under has a workflow template to follow."""

from __future__ import annotations

from pathlib import Path

import yaml

from courtops.core.cases.choices import Procedure as CaseProcedure
from nodes.choices import Procedure

TEMPLATES = Path(__file__).resolve().parents[2] / "nodes" / "library" / "templates"


def test_each_case_procedure_maps_to_a_shipped_template():
    shipped = {
        yaml.safe_load(p.read_text(encoding="utf-8"))["procedure"] for p in TEMPLATES.glob("*.yaml")
    }
    for procedure in CaseProcedure:
        assert procedure.workflow_template in shipped, procedure
    assert set(Procedure.values) == shipped


def test_an_appeal_against_a_ruling_follows_the_second_instance_template():
    assert CaseProcedure.SECOND_INSTANCE_RULING.workflow_template == CaseProcedure.SECOND_INSTANCE
    assert CaseProcedure.SECOND_INSTANCE_RULING.value not in Procedure.values
