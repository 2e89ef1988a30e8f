"""Editing a standard: a draft copied from the published version, edited, then published as the
next version. Published versions are never changed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.actors import Actor, person_or_none
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, NotFound, ValidationFailed
from courtops.core.permissions import require_library_writer
from courtops.core.services.audit import audit_record
from courtops.core.transitions import refusal_message, transition_run
from nodes import library_format as fmt
from nodes.catalog import NODE_KEYS, canonical_node, content_hash
from nodes.choices import VersionSource, VersionStatus
from nodes.models import NodeSpec, Standard, StandardVersion, Template
from nodes.selectors import spec_to_doc, version_to_doc
from nodes.services.common import require_standard_change, spec_rows, version_create
from nodes.validation import check_graph, validate_standard_doc

# Every field of a node in the file format but its code (its identity).
EDITABLE_NODE_FIELDS = tuple(k for k in NODE_KEYS if k != "code")


def _lock_standard(code: str) -> Standard:
    standard = Standard.objects.select_for_update().filter(code=code).first()
    if standard is None:
        raise NotFound(_("No standard %(code)s.") % {"code": code})
    return standard


def standard_draft_create(*, actor: Actor, standard_code: str) -> StandardVersion:
    """Open a draft (next version number) copied from the published version. Refused when a
    draft is already open (Conflict)."""
    require_library_writer(actor)
    with transaction.atomic():
        standard = _lock_standard(standard_code)
        require_standard_change(actor, standard)
        if standard.versions.filter(status=VersionStatus.DRAFT).exists():
            raise Conflict(
                _("%(code)s already has a draft; edit or discard it.") % {"code": standard_code}
            )
        if standard.current is None:
            raise ValidationFailed(
                _("%(code)s has no published version to copy.") % {"code": standard_code}
            )
        doc = version_to_doc(standard.current)
        number = max(v.version for v in standard.versions.all()) + 1
        draft = version_create(
            standard=standard,
            doc=doc,
            version=number,
            status=VersionStatus.DRAFT,
            source=VersionSource.EDIT,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=draft,
            changes={"from": standard.current.version},
        )
        return draft


def node_spec_update(*, actor: Actor, spec_id: int, changes: dict) -> NodeSpec:
    """Change fields of one node in a draft. The whole draft must still validate."""
    require_library_writer(actor)
    unknown = sorted(set(changes) - set(EDITABLE_NODE_FIELDS))
    if unknown:
        raise ValidationFailed(
            _("These fields cannot be edited: %(f)s") % {"f": ", ".join(unknown)}
        )
    with transaction.atomic():
        code = (
            NodeSpec.objects.filter(pk=spec_id)
            .values_list("version__standard__code", flat=True)
            .first()
        )
        if code is None:
            raise NotFound(_("No such node specification."))
        # Lock in the order publishing locks (standard, then version), then re-check "draft"
        # on the locked version: an edit that raced a publish must not change a published spec.
        _lock_standard(code)
        spec = (
            NodeSpec.objects.select_for_update()
            .select_related("version__standard")
            .filter(pk=spec_id)
            .first()
        )
        if spec is None:
            raise NotFound(_("No such node specification."))
        version = StandardVersion.objects.select_for_update().get(pk=spec.version_id)
        require_standard_change(actor, spec.version.standard)
        if version.status != VersionStatus.DRAFT:
            raise Conflict(
                refusal_message(
                    version,
                    "status",
                    _("Only a draft can be edited; open a draft of the standard first."),
                )
            )
        before = spec_to_doc(spec)
        after = canonical_node({**before, **changes})
        doc = version_to_doc(spec.version)
        doc["nodes"] = [after if n["code"] == spec.code else n for n in doc["nodes"]]
        raw = {**doc, "nodes": [_raw(n) for n in doc["nodes"]]}
        problems = [
            p
            for p in validate_standard_doc(raw, spec.version.standard.code)
            if spec.code in p.location or not p.location
        ]
        if problems:
            raise ValidationFailed(
                _("The change does not validate."), errors=[str(p) for p in problems]
            )
        fresh = spec_rows(spec.version, {"nodes": [after]}, frozen=False)[0]
        fields = [
            f
            for f in (
                "name",
                "name_en",
                "performer",
                "instruction",
                "inputs",
                "outputs",
                "time_amount",
                "time_unit",
                "time_starts",
                "time_start_ref",
                "time_foreign",
                "kind",
                "legal_basis",
                "checklist",
                "errors",
                "review",
                "sample_rate",
                "visibility",
                "pay_unit",
                "non_case",
                "search_text",
            )
        ]
        for f in fields:
            setattr(spec, f, getattr(fresh, f))
        spec.save(update_fields=fields)
        StandardVersion.objects.filter(pk=spec.version_id).update(
            content_hash=content_hash(version_to_doc(spec.version))
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=spec,
            changes={
                k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)
            },
        )
        return spec


def _raw(node: dict) -> dict:
    """A canonical node back in file shape (no null keys), for the validator."""
    out = {k: v for k, v in node.items() if v is not None}
    return out


def standard_version_publish(*, actor: Actor, version_id: int) -> StandardVersion:
    """Publish a draft: it becomes the version in force, the previous one is superseded (and
    stays, with its frozen specs, for the tasks created under it); templates using its nodes get
    a new version bound to the new specs. Refused when the draft does not validate, breaks a
    template's guards, or says nothing new."""
    from nodes.services.catalog import template_graph_of, templates_rebind

    require_library_writer(actor)
    with transaction.atomic():
        draft = StandardVersion.objects.select_related("standard").filter(pk=version_id).first()
        if draft is None:
            raise NotFound(_("No such version."))
        standard = _lock_standard(draft.standard.code)
        require_standard_change(actor, standard)
        draft = StandardVersion.objects.select_for_update().get(pk=version_id)
        if draft.status != VersionStatus.DRAFT:
            raise Conflict(refusal_message(draft, "status", _("Only a draft can be published.")))
        doc = version_to_doc(draft)
        raw = {**doc, "nodes": [_raw(n) for n in doc["nodes"]]}
        problems = [str(p) for p in validate_standard_doc(raw, standard.code)]
        nodes = {s.code: spec_to_doc(s) for s in NodeSpec.objects.published()}
        nodes.update({n["code"]: n for n in doc["nodes"]})

        def add(file, location, message, level="error"):
            if level == "error":
                problems.append(f"{file}: {location}: {message}" if location else message)

        # clocks started by a recorded output still name a date field (here or elsewhere)
        fmt.check_start_refs(add, nodes, {code: f"{code.split('-')[0]}" for code in nodes})
        for template in Template.objects.filter(current__isnull=False).select_related(
            "current__template"
        ):
            graph = template_graph_of(template.current)  # type: ignore[arg-type]  # filtered to templates with a current version
            if any(s["node"].startswith(standard.code + "-") for s in graph["steps"]):
                problems += [
                    str(p)
                    for p in check_graph(f"template {template.code}", graph, nodes)
                    if p.level == "error"
                ]
                # a work order's steps still have one performer, and no wait
                fmt.check_work_orders(f"template {template.code}", graph, nodes, add)
        if problems:
            raise ValidationFailed(_("The draft does not validate."), errors=problems)
        digest = content_hash(doc)
        if standard.current is not None and standard.current.content_hash == digest:
            raise ValidationFailed(_("The draft is identical to the published version."))
        previous = standard.current
        for old in standard.versions.filter(status=VersionStatus.PUBLISHED):
            transition_run(instance=old, transition="supersede", actor=actor)
        draft = transition_run(
            model=StandardVersion,
            pk=draft.pk,
            transition="publish",
            actor=actor,
            params={"content_hash": digest, "at": timezone.now(), "by": person_or_none(actor)},
            audit_changes={"supersedes": previous.version if previous else None},
            refusal=_("Only a draft can be published."),
        ).obj
        NodeSpec.objects.filter(version=draft, frozen=False).update(frozen=True)
        Standard.objects.filter(pk=standard.pk).update(current=draft)
        templates_rebind(actor=actor, standard=standard)
        return draft


def standard_draft_discard(*, actor: Actor, version_id: int) -> None:
    """Delete a draft and its specs (never a published version)."""
    require_library_writer(actor)
    with transaction.atomic():
        code = (
            StandardVersion.objects.filter(pk=version_id)
            .values_list("standard__code", flat=True)
            .first()
        )
        if code is None:
            raise NotFound(_("No such version."))
        require_standard_change(actor, _lock_standard(code))
        draft = StandardVersion.objects.select_for_update().get(pk=version_id)
        if draft.status != VersionStatus.DRAFT:
            raise Conflict(refusal_message(draft, "status", _("Only a draft can be discarded.")))
        audit_record(actor=actor, action=AuditAction.DELETE, obj=draft)
        draft.specs.all().delete()
        draft.delete()
