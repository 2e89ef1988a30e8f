"""A template version's state changes only through its transition: loading a changed template
supersedes the version in force (audited), and nothing can assign the state directly."""

from __future__ import annotations

import pytest
from django_fsm import TransitionNotAllowed

from courtops.core.actors import SYSTEM
from courtops.core.choices import AuditAction
from courtops.core.models import AuditEvent
from nodes.choices import VersionStatus
from nodes.models import TemplateVersion
from nodes.services import catalog_load
from tests.nodes.test_library_second_edition_format import WORK_ORDER, _library


def _load_changed_template(tmp_path):
    root = _library(tmp_path, fragment_extra=WORK_ORDER)
    catalog_load(actor=SYSTEM, root=root, complete=False)
    frag = root / "fragments" / "mail_service.yaml"
    frag.write_text(
        frag.read_text(encoding="utf-8").replace(
            "review: sampled, sample_rate: 0.25", "review: always"
        ),
        encoding="utf-8",
    )
    catalog_load(actor=SYSTEM, root=root, complete=False)
    return TemplateVersion.objects.filter(template__code="civil_test").order_by("version")


@pytest.mark.django_db
def test_loading_a_changed_template_supersedes_the_old_version_through_its_transition(tmp_path):
    old, new = _load_changed_template(tmp_path)
    assert (old.status, new.status) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    assert AuditEvent.objects.filter(
        action=AuditAction.TRANSITION, object_type="nodes.templateversion", object_id=str(old.pk)
    ).exists()


@pytest.mark.django_db
def test_a_superseded_template_version_cannot_be_superseded_again_or_assigned(tmp_path):
    old, _new = _load_changed_template(tmp_path)
    with pytest.raises(TransitionNotAllowed):
        old.supersede()
    with pytest.raises(AttributeError):
        old.status = VersionStatus.PUBLISHED
