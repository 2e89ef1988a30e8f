"""Editing a standard: a draft copied from the published version, edited, then published as the
next version. Published versions are never changed."""

from __future__ import annotations

from typing import Any

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


def _owner(version: StandardVersion) -> Any:
    """Whose permission a version needs: a court's variant that court's, else its standard's."""
    return version if version.court_id is not None else version.standard


def standard_draft_create(
    *, actor: Actor, standard_code: str, court_id: int | None = None
) -> StandardVersion:
    """Open a draft (next version number) copied from the published version. Refused when a
    draft is already open (Conflict). With ``court_id``: a draft of that court's own variant
    of an installation-wide standard (see ``standard_variant_draft_create``)."""
    if court_id is not None:
        return standard_variant_draft_create(
            actor=actor, standard_code=standard_code, court_id=court_id
        )
    require_library_writer(actor)
    with transaction.atomic():
        standard = _lock_standard(standard_code)
        require_standard_change(actor, standard)
        if standard.versions.installation().filter(status=VersionStatus.DRAFT).exists():
            raise Conflict(
                _("%(code)s already has a draft; edit or discard it.") % {"code": standard_code}
            )
        if standard.current is None:
            raise ValidationFailed(
                _("%(code)s has no published version to copy.") % {"code": standard_code}
            )
        doc = version_to_doc(standard.current)
        number = max(v.version for v in standard.versions.installation()) + 1
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


def standard_variant_draft_create(
    *, actor: Actor, standard_code: str, court_id: int
) -> StandardVersion:
    """A court keeps its own variant of an installation-wide standard without changing anyone
    else's: its office opens a draft (``court`` set, numbered apart from the installation's
    versions) copied from the court's published variant, or from the installation's version in
    force when the court has none yet. It is edited, published and discarded with the same
    services as any draft; only that court sees it and works to it."""
    require_library_writer(actor)
    require_standard_change(actor, StandardVersion(court_id=court_id))
    with transaction.atomic():
        standard = _lock_standard(standard_code)
        if standard.court_id is not None:
            raise ValidationFailed(
                _("%(code)s is already a court's own standard; change it directly.")
                % {"code": standard_code}
            )
        own = list(standard.versions.variants_of(court_id))
        if any(v.status == VersionStatus.DRAFT for v in own):
            raise Conflict(
                _("Your court already has a draft of %(code)s; edit or discard it.")
                % {"code": standard_code}
            )
        base = next((v for v in own if v.status == VersionStatus.PUBLISHED), standard.current)
        if base is None:
            raise ValidationFailed(
                _("%(code)s has no published version to copy.") % {"code": standard_code}
            )
        draft = version_create(
            standard=standard,
            doc=version_to_doc(base),
            version=max((v.version for v in own), default=0) + 1,
            status=VersionStatus.DRAFT,
            source=VersionSource.EDIT,
            actor=actor,
            court_id=court_id,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=draft,
            court_id=court_id,
            changes={
                "court_variant": True,
                "from": f"{'court' if base.court_id else 'installation'} v{base.version}",
            },
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
        require_standard_change(actor, _owner(spec.version))
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
        require_standard_change(actor, _owner(draft))
        draft = StandardVersion.objects.select_for_update().get(pk=version_id)
        if draft.status != VersionStatus.DRAFT:
            raise Conflict(refusal_message(draft, "status", _("Only a draft can be published.")))
        court_id = draft.court_id  # a court's own variant, or None: the installation's
        doc = version_to_doc(draft)
        raw = {**doc, "nodes": [_raw(n) for n in doc["nodes"]]}
        problems = [str(p) for p in validate_standard_doc(raw, standard.code)]
        nodes = {s.code: spec_to_doc(s) for s in NodeSpec.objects.in_force_for(court_id)}
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
        mine = (
            standard.versions.variants_of(court_id)
            if court_id is not None
            else standard.versions.installation()
        )
        previous = mine.filter(status=VersionStatus.PUBLISHED).first()
        in_force = previous if previous is not None else standard.current
        if in_force is not None and in_force.content_hash == digest:
            raise ValidationFailed(_("The draft is identical to the published version."))
        if previous is not None:
            transition_run(instance=previous, transition="supersede", actor=actor)
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
        if court_id is None:
            # the installation's version: every court's, and the templates follow it. A
            # court's variant changes nothing of anyone else's (``current`` and the templates
            # stay; the court resolves its specs through ``NodeSpec.objects.in_force_for``).
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
        _lock_standard(code)
        draft = StandardVersion.objects.select_for_update().get(pk=version_id)
        require_standard_change(actor, _owner(draft))
        if draft.status != VersionStatus.DRAFT:
            raise Conflict(refusal_message(draft, "status", _("Only a draft can be discarded.")))
        audit_record(actor=actor, action=AuditAction.DELETE, obj=draft)
        draft.specs.all().delete()
        draft.delete()
