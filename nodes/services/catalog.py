"""Loading the library files into the database: idempotent, version-aware, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from courtops.core.actors import Actor
from courtops.core.choices import AuditAction
from courtops.core.exceptions import ValidationFailed
from courtops.core.permissions import require_library_writer
from courtops.core.services.audit import audit_record
from courtops.core.transitions import transition_run
from nodes import service_items
from nodes.catalog import (
    LIBRARY_DIR,
    as_number,
    canonical_standard,
    content_hash,
    expand_template,
    read_library,
    work_orders_of,
)
from nodes.choices import VersionSource, VersionStatus
from nodes.models import (
    Board,
    NodeSpec,
    NodeType,
    ServiceItem,
    Standard,
    Template,
    TemplateEdge,
    TemplateStep,
    TemplateVersion,
    WorkOrderSpec,
)
from nodes.services.common import version_create
from nodes.validation import validate_library


@dataclass
class LoadReport:
    """What a load did. ``changed`` is False when the database already held the library."""

    boards_created: list[str] = field(default_factory=list)
    boards_updated: list[str] = field(default_factory=list)
    versions_created: list[str] = field(default_factory=list)
    standards_unchanged: list[str] = field(default_factory=list)
    standards_behind: list[str] = field(default_factory=list)
    templates_created: list[str] = field(default_factory=list)
    templates_unchanged: list[str] = field(default_factory=list)
    service_items_created: list[str] = field(default_factory=list)
    service_items_updated: list[str] = field(default_factory=list)
    service_items_retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.boards_created
            or self.boards_updated
            or self.versions_created
            or self.templates_created
            or self.service_items_created
            or self.service_items_updated
            or self.service_items_retired
        )

    def lines(self) -> list[str]:
        out = []
        for label, items in (
            ("boards created", self.boards_created),
            ("boards updated", self.boards_updated),
            ("standard versions published", self.versions_created),
            ("standards unchanged", self.standards_unchanged),
            ("standards kept (database has a newer version)", self.standards_behind),
            ("template versions published", self.templates_created),
            ("templates unchanged", self.templates_unchanged),
            ("service items created", self.service_items_created),
            ("service items updated", self.service_items_updated),
            ("service items no longer in the catalogue", self.service_items_retired),
        ):
            if items:
                shown = ", ".join(items[:30]) + (" …" if len(items) > 30 else "")
                out.append(f"{label} ({len(items)}): {shown}")
        return out


def catalog_load(
    *, actor: Actor, root: Path | str = LIBRARY_DIR, complete: bool = True, log=None
) -> LoadReport:
    """Load the library directory. Refuses (ValidationFailed, nothing written) if the library has
    any problem or if a file changed without a higher ``version``. A file whose content hash
    equals that of the stored version changes nothing; a higher version is published and the
    previous one superseded. Templates get a new version when their expanded graph or the
    standard versions they bind to changed."""
    require_library_writer(actor)
    say = log or (lambda _msg: None)
    lib = read_library(root)
    problems = [p for p in validate_library(lib, complete=complete) if p.level == "error"]
    if problems:
        raise ValidationFailed(
            _("The library has %(n)d problem(s).") % {"n": len(problems)},
            errors=[str(p) for p in problems],
        )
    report = LoadReport()
    with transaction.atomic():
        boards = lib.boards.doc  # type: ignore[union-attr]  # validated above: the file exists
        _load_boards(boards, report)
        say(f"boards: {len(boards)}")
        errors = []
        for sf in lib.standards:
            message = _load_standard(sf.path, canonical_standard(sf.doc), actor, report)
            if message:
                errors.append(message)
        if errors:
            raise ValidationFailed(
                _("%(n)d standard file(s) cannot be loaded.") % {"n": len(errors)}, errors=errors
            )
        say(
            f"standards: {len(report.versions_created)} published, "
            f"{len(report.standards_unchanged)} unchanged"
        )
        fragments = {str(f.doc["code"]): f.doc for f in lib.fragments}
        for sf in lib.templates:
            graph = expand_template(sf.doc, fragments)
            template_publish(graph=graph, actor=actor, report=report)
        say(
            f"templates: {len(report.templates_created)} published, "
            f"{len(report.templates_unchanged)} unchanged"
        )
        if lib.service_items is not None:
            _load_service_items(lib, actor, report)
            say(
                f"service items: {len(report.service_items_created)} created, "
                f"{len(report.service_items_updated)} updated"
            )
    return report


def _load_service_items(lib, actor, report: LoadReport) -> None:
    """Create or update the service items of the catalogue, with their nodes; an item gone from
    the file is kept inactive (contracts may name it)."""
    node_standard = {
        str(n["code"]): str(n["code"]).split("-")[0]
        for sf in lib.standards
        for n in sf.doc.get("nodes") or []
    }
    members = service_items.resolve(lib.service_items.doc, node_standard, _refuse)
    types = {t.code: t for t in NodeType.objects.filter(code__in=list(node_standard))}
    existing = {i.code: i for i in ServiceItem.objects.all()}
    for order, doc in enumerate(lib.service_items.doc):
        code = str(doc["code"])
        values = {
            "name": str(doc["name"]).strip(),
            "name_en": str(doc.get("name_en") or "").strip(),
            "area": doc["area"],
            "non_case": bool(doc.get("non_case", False)),
            "pay_unit": doc["pay_unit"],
            "order": order,
            "active": True,
        }
        nodes = sorted(members.get(code, []))
        digest = content_hash({**values, "nodes": nodes}, drop=("order",))
        item = existing.get(code)
        if item is not None and item.content_hash == digest and item.active:
            if item.order != order:
                ServiceItem.objects.filter(pk=item.pk).update(order=order)
            continue
        if item is None:
            item = ServiceItem.objects.create(code=code, content_hash=digest, **values)
            report.service_items_created.append(code)
            action = AuditAction.CREATE
        else:
            for key, value in values.items():
                setattr(item, key, value)
            item.content_hash = digest
            item.save()
            report.service_items_updated.append(code)
            action = AuditAction.UPDATE
        item.node_types.set([types[c] for c in nodes])
        audit_record(
            actor=actor,
            action=action,
            obj=item,
            changes={"nodes": len(nodes), "pay_unit": values["pay_unit"], "content_hash": digest},
            reason="catalog load service_items.yaml",
        )
    listed = {str(d["code"]) for d in lib.service_items.doc}
    for code, item in existing.items():
        if code not in listed and item.active:
            ServiceItem.objects.filter(pk=item.pk).update(active=False)
            report.service_items_retired.append(code)
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=item,
                changes={"active": False},
                reason="catalog load: no longer in service_items.yaml",
            )


def _refuse(file: str, location: str, message: str, level: str = "error") -> None:
    # the validator has already passed the catalogue; a problem here is a programming error
    raise ValidationFailed(f"{file}: {location}: {message}")


def _load_boards(docs: list[dict], report: LoadReport) -> None:
    existing = {b.code: b for b in Board.objects.all()}
    for d in docs:
        values = {"name": d["name"], "name_en": d.get("name_en", ""), "order": d.get("order", 0)}
        board = existing.get(d["code"])
        if board is None:
            Board.objects.create(code=d["code"], **values)
            report.boards_created.append(d["code"])
        elif any(getattr(board, k) != v for k, v in values.items()):
            Board.objects.filter(pk=board.pk).update(**values)
            report.boards_updated.append(d["code"])


def _load_standard(path: str, doc: dict, actor: Actor, report: LoadReport) -> str | None:
    """Load one standard file; returns a message when it cannot be loaded."""
    code, number, digest = doc["code"], doc["version"], content_hash(doc)
    board = Board.objects.get(code=doc["board"])
    standard = Standard.objects.filter(code=code).first()
    if standard is None:
        standard = Standard.objects.create(code=code, board=board)
    elif standard.board_id != board.pk:
        Standard.objects.filter(pk=standard.pk).update(board=board)
    versions = {v.version: v for v in standard.versions.installation()}
    same = versions.get(number)
    if same is not None and same.status != VersionStatus.DRAFT:
        if same.content_hash == digest:
            newest = max(v.version for v in versions.values() if v.status != VersionStatus.DRAFT)
            (report.standards_behind if newest > number else report.standards_unchanged).append(
                code
            )
            return None
        return (
            f"{path}: {code} version {number} is already published with different content; "
            f"raise `version` to publish the change"
        )
    if same is not None:  # a draft holds this number
        return f"{path}: {code} has a draft v{number} in progress; publish or discard it first"
    newest = max((v.version for v in versions.values()), default=0)
    if number < newest:
        return f"{path}: {code} version {number} is older than the stored v{newest}"
    _supersede(standard, actor)
    sv = version_create(
        standard=standard,
        doc=doc,
        version=number,
        status=VersionStatus.PUBLISHED,
        source=VersionSource.LIBRARY,
        actor=actor,
    )
    Standard.objects.filter(pk=standard.pk).update(current=sv)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=sv,
        changes={"version": number, "content_hash": digest, "nodes": len(doc["nodes"])},
        reason=f"catalog load {path}",
    )
    report.versions_created.append(f"{code} v{number}")
    return None


def _supersede(standard: Standard, actor: Actor) -> None:
    # the installation's version only: a court's own variant stays in force for that court
    for old in standard.versions.installation().filter(status=VersionStatus.PUBLISHED):
        transition_run(instance=old, transition="supersede", actor=actor)


@dataclass(frozen=True)
class _Bound:
    spec_id: int
    node_type_id: int
    label: str  # "S15v2": which standard version the step is bound to
    node: dict  # what an undeclared work order takes from its node (name, performer, review …)


_NODE_COLUMNS = ("name", "name_en", "performer", "review", "sample_rate", "pay_unit", "kind")


def _bindings(codes: set[str]) -> dict[str, _Bound]:
    # no JSON columns: loading ~1,000 full specs (JSON columns) per template costs seconds
    rows = (
        NodeSpec.objects.published()
        .filter(code__in=codes)
        .values_list(
            "code",
            "pk",
            "node_type_id",
            "version__standard__code",
            "version__version",
            *_NODE_COLUMNS,
        )
    )
    return {
        row[0]: _Bound(
            row[1], row[2], f"{row[3]}v{row[4]}", dict(zip(_NODE_COLUMNS, row[5:], strict=True))
        )
        for row in rows
    }


def template_publish(
    *, graph: dict, actor: Actor, report: LoadReport | None = None
) -> TemplateVersion:
    """Publish the expanded ``graph`` as the template's next version, bound to the node specs in
    force; returns the current version unchanged when nothing (graph or bindings) changed."""
    specs = _bindings({s["node"] for s in graph["steps"]})
    missing = sorted({s["node"] for s in graph["steps"]} - set(specs))
    if missing:
        raise ValidationFailed(
            _("Template %(code)s uses nodes with no published version: %(codes)s")
            % {"code": graph["code"], "codes": ", ".join(missing)}
        )
    bound = {code: b.label for code, b in specs.items()}
    digest = content_hash({"graph": graph, "bindings": bound})
    template = Template.objects.filter(code=graph["code"]).select_related("current").first()
    if template is None:
        template = Template.objects.create(code=graph["code"], procedure=graph["procedure"])
    if template.current is not None and template.current.content_hash == digest:
        if report is not None:
            report.templates_unchanged.append(graph["code"])
        return template.current
    number = (template.current.version if template.current else 0) + 1
    for old in template.versions.filter(status=VersionStatus.PUBLISHED):
        transition_run(instance=old, transition="supersede", actor=actor)
    tv = TemplateVersion.objects.create(
        template=template,
        version=number,
        name=graph["name"],
        name_en=graph["name_en"],
        procedure=graph["procedure"],
        content_hash=digest,
        fragment_names=graph.get("fragments", {}),
        court_levels=graph.get("court_levels") or [],
    )
    orders = WorkOrderSpec.objects.bulk_create(
        [
            WorkOrderSpec(
                version=tv,
                wo_id=w["id"],
                name=w["name"][:200],
                name_en=w["name_en"][:200],
                performer=w["performer"],
                review=w["review"],
                sample_rate=Decimal(str(w["sample_rate"])) if w["sample_rate"] else None,
                pay_unit=w["pay_unit"],
                declared=w["declared"],
                order=i,
            )
            for i, w in enumerate(
                work_orders_of(graph, {code: b.node for code, b in specs.items()})
            )
        ]
    )
    if any(w.pk is None for w in orders):  # backends without RETURNING on bulk insert
        orders = list(tv.work_orders.all())
    order_of = {sid: o for o in orders for sid in _members(graph, o.wo_id)}
    steps = TemplateStep.objects.bulk_create(
        [
            TemplateStep(
                version=tv,
                step_id=s["id"],
                node_spec_id=specs[s["node"]].spec_id,
                node_type_id=specs[s["node"]].node_type_id,
                join=s["join"],
                is_start=s["id"] == graph["start"],
                is_end=s["end"],
                fragment=s["fragment"],
                marks=s.get("marks", []),
                work_order=order_of.get(s["id"]),
                order=i,
            )
            for i, s in enumerate(graph["steps"])
        ]
    )
    if any(s.pk is None for s in steps):  # backends without RETURNING on bulk insert
        steps = list(tv.steps.all())
    by_id = {s.step_id: s for s in steps}
    TemplateEdge.objects.bulk_create(
        [
            TemplateEdge(
                version=tv,
                source=by_id[e["from"]],
                target=by_id[e["to"]],
                guard=e["when"],
                is_else=e["else"],
                rework=e["rework"],
                plain=e.get("plain", False),
                order=i,
            )
            for i, e in enumerate(graph["edges"])
        ]
    )
    fields = {"current": tv}
    if template.procedure != graph["procedure"]:
        fields["procedure"] = graph["procedure"]
    Template.objects.filter(pk=template.pk).update(**fields)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=tv,
        changes={"version": number, "steps": len(steps), "content_hash": digest},
    )
    if report is not None:
        report.templates_created.append(f"{graph['code']} v{number}")
    return tv


def _members(graph: dict, wo_id: str) -> list[str]:
    """The step ids of work order ``wo_id`` of ``graph`` (an undeclared one is its one step)."""
    for w in graph.get("work_orders") or []:
        if w["id"] == wo_id:
            return w["steps"]
    return [wo_id]


def template_graph_of(version: TemplateVersion) -> dict:
    """The expanded graph dict of a stored template version (as ``expand_template`` returns)."""
    steps = list(version.steps.select_related("node_type").order_by("order"))
    ids = {s.pk: s.step_id for s in steps}
    members: dict[int, list[str]] = {}
    for s in steps:
        if s.work_order_id is not None:
            members.setdefault(s.work_order_id, []).append(s.step_id)
    return {
        "code": version.template.code,
        "procedure": version.procedure,
        "name": version.name,
        "name_en": version.name_en,
        "start": next(s.step_id for s in steps if s.is_start),
        "court_levels": list(version.court_levels),
        "steps": [
            {
                "id": s.step_id,
                "node": s.node_type.code,
                "join": s.join,
                "end": s.is_end,
                "fragment": s.fragment,
                **({"marks": list(s.marks)} if s.marks else {}),
            }
            for s in steps
        ],
        "edges": [
            {
                "from": ids[e.source_id],
                "to": ids[e.target_id],
                "when": e.guard,
                "else": e.is_else,
                "rework": e.rework,
                "plain": e.plain,
            }
            for e in version.edges.order_by("order")
        ],
        "work_orders": [
            {
                "id": w.wo_id,
                "name": w.name,
                "name_en": w.name_en,
                "steps": members.get(w.pk, []),
                "review": w.review,
                "sample_rate": as_number(w.sample_rate) if w.sample_rate is not None else None,
                "pay_unit": w.pay_unit,
            }
            for w in version.work_orders.filter(declared=True).order_by("order")
        ],
        "fragments": version.fragment_names,
    }


def templates_rebind(*, actor: Actor, standard: Standard) -> list[TemplateVersion]:
    """After ``standard`` published a new version: publish a new version of every template that
    uses its nodes, bound to the new specs. Tasks of the old template version keep the old specs."""
    published = []
    for template in (
        Template.objects.filter(current__steps__node_type__standard=standard)
        .distinct()
        .select_related("current__template")
    ):
        graph = template_graph_of(template.current)  # type: ignore[arg-type]  # filtered to templates with a current version
        tv = template_publish(graph=graph, actor=actor)
        if tv.pk != template.current_id:
            published.append(tv)
    return published
