"""A changed standard file must raise its version; a higher version supersedes the old one."""

from __future__ import annotations

import shutil

import pytest
import yaml
from django.utils import translation

from courtops.core.actors import SYSTEM
from courtops.core.exceptions import ValidationFailed
from nodes.choices import VersionStatus
from nodes.models import NodeSpec, Standard, StandardVersion, TemplateVersion
from nodes.services import catalog_load
from tests.nodes.conftest import FIXTURE_LIBRARY


@pytest.fixture
def library(tmp_path, db):
    root = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    catalog_load(actor=SYSTEM, root=root, complete=False)
    return root


def _edit(root, change, bump: bool):
    path = root / "standards" / "01-fixture-service.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    if bump:
        doc["version"] += 1
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


def _longer_limit(doc):
    doc["nodes"][1]["time_limit"]["amount"] = 5


def test_a_changed_file_with_the_same_version_is_refused_and_nothing_is_written(library):
    _edit(library, _longer_limit, bump=False)
    count = StandardVersion.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        catalog_load(actor=SYSTEM, root=library, complete=False)
    assert "raise `version`" in exc.value.errors[0]
    assert StandardVersion.objects.count() == count
    assert NodeSpec.objects.published().get(code="S01-002").time_amount == 3


def test_a_higher_version_is_published_and_the_old_one_superseded_unchanged(library):
    old = NodeSpec.objects.published().get(code="S01-002")
    old_row = NodeSpec.objects.filter(pk=old.pk).values().get()
    _edit(library, _longer_limit, bump=True)
    report = catalog_load(actor=SYSTEM, root=library, complete=False)
    assert report.versions_created == ["S01 v2"]
    assert Standard.objects.get(code="S01").current.version == 2
    assert (
        StandardVersion.objects.get(standard__code="S01", version=1).status
        == VersionStatus.SUPERSEDED
    )
    assert NodeSpec.objects.published().get(code="S01-002").time_amount == 5
    assert NodeSpec.objects.filter(pk=old.pk).values().get() == old_row
    # the template that uses S01 is re-bound in a new version; its old version keeps the old spec
    assert report.templates_created == ["civil_test v2"]
    v1 = TemplateVersion.objects.get(template__code="civil_test", version=1)
    assert v1.steps.get(step_id="service_a.post").node_spec_id == old.pk


def test_an_invalid_library_is_refused_with_every_problem(library):
    def break_it(doc):
        doc["nodes"][0]["performer"] = "robot"
        doc["nodes"][1]["pay_unit"] = "gold"

    _edit(library, break_it, bump=True)
    with translation.override("en"), pytest.raises(ValidationFailed) as exc:
        catalog_load(actor=SYSTEM, root=library, complete=False)
    text = "\n".join(exc.value.errors)
    assert "performer 'robot'" in text and "pay_unit 'gold'" in text
    assert "01-fixture-service.yaml" in text
