"""Reads of the standards library. The library is installation-wide data: every authenticated,
active person may read it (company staff read the standards they work to)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from nodes.catalog import canonical_standard
from nodes.choices import VersionStatus
from nodes.models import (
    Board,
    NodeSpec,
    ServiceItem,
    Standard,
    StandardVersion,
    Template,
    TemplateEdge,
    TemplateStep,
    TemplateVersion,
)


def boards_with_counts() -> QuerySet[Board]:
    """Boards with the number of standards and of node types in force."""
    return Board.objects.annotate(
        standard_count=Count(
            "standards", filter=Q(standards__current__isnull=False), distinct=True
        ),
        node_count=Count("standards__current__specs", distinct=True),
    ).order_by("order")


def standards_in_force() -> QuerySet[Standard]:
    return (
        Standard.objects.filter(current__isnull=False)
        .select_related("board", "current")
        .annotate(node_count=Count("current__specs"))
        .order_by("code")
    )


def standard_get(code: str) -> Standard | None:
    return Standard.objects.select_related("board", "current").filter(code=code).first()


def specs_in_force() -> QuerySet[NodeSpec]:
    return NodeSpec.objects.published().select_related("version__standard__board")


def standard_version_in_force(
    *, standard: Standard, court_id: int | None
) -> StandardVersion | None:
    """The version of ``standard`` that ``court_id`` works to: its own published variant when it
    keeps one, else the installation's published version."""
    if court_id is not None:
        own = standard.versions.variants_of(court_id).filter(status=VersionStatus.PUBLISHED).first()
        if own is not None:
            return own
    return standard.current


def spec_in_force(*, code: str, court_id: int | None) -> NodeSpec | None:
    """The spec of node ``code`` that ``court_id`` works to (see ``standard_version_in_force``)."""
    return (
        NodeSpec.objects.in_force_for(court_id)
        .select_related("version__standard__board")
        .filter(code=code)
        .first()
    )


def standard_variant_versions(*, standard: Standard, user) -> list[StandardVersion]:
    """The versions of the user's court's own variant of ``standard``, newest first; a draft
    only for whoever may change it (see ``can_see_standard_draft``). Nothing for an account
    of no court: a variant is seen only by its court."""
    from courtops.core.permissions import can_see_standard_draft

    court_id = getattr(user, "court_id", None)
    if court_id is None:
        return []
    versions = list(standard.versions.variants_of(court_id).order_by("-version"))
    return [
        v for v in versions if v.status != VersionStatus.DRAFT or can_see_standard_draft(user, v)
    ]


def spec_history(code: str) -> QuerySet[NodeSpec]:
    return (
        NodeSpec.objects.filter(code=code, version__court__isnull=True)
        .exclude(version__status=VersionStatus.DRAFT)
        .select_related("version")
        .order_by("-version__version")
    )


def spec_to_doc(spec: NodeSpec) -> dict:
    """The canonical node dict of a stored spec (same shape as a library file's node)."""
    time_limit = None
    if spec.time_amount is not None:
        starts: str | dict = spec.time_starts
        if spec.time_start_ref:
            starts = {"event": spec.time_starts, **spec.time_start_ref}
        time_limit = {
            "amount": spec.time_amount,
            "unit": spec.time_unit,
            "starts": starts,
            "basis": spec.legal_basis,
        }
        if spec.time_foreign:
            time_limit["foreign"] = dict(spec.time_foreign)
    wait = spec.kind == "wait"
    doc = {
        "code": spec.code,
        "name": spec.name,
        "name_en": spec.name_en,
        "performer": spec.performer,
        "instruction": spec.instruction,
        "inputs": list(spec.inputs),
        "outputs": list(spec.outputs),
        "time_limit": None if wait else time_limit,
        "checklist": list(spec.checklist),
        "errors": list(spec.errors),
        "review": spec.review,
        "sample_rate": float(spec.sample_rate) if spec.sample_rate is not None else None,
        "visibility": list(spec.visibility),
        "pay_unit": spec.pay_unit,
        "non_case": spec.non_case,
    }
    if wait:
        doc["kind"] = "wait"
        doc["period"] = time_limit
    return doc


def version_to_doc(version: StandardVersion) -> dict:
    """The canonical dict of a stored standard version; its content hash equals that of the file
    (or workbook) it was loaded from."""
    doc = {
        "code": version.standard.code,
        "number": version.number,
        "board": version.standard.board.code,
        "title": version.title,
        "title_en": version.title_en,
        "version": version.version,
        "scope": version.scope,
        "errors": list(version.errors),
        "nodes": [spec_to_doc(s) for s in version.specs.order_by("order")],
    }
    return canonical_standard(doc)


def versions_compare(a: StandardVersion, b: StandardVersion) -> dict:
    """Side-by-side comparison of two versions: header fields and, per node code, each field
    with both values and whether it changed."""
    da, db = version_to_doc(a), version_to_doc(b)
    header = [
        (key, da[key], db[key], da[key] != db[key])
        for key in ("number", "title", "title_en", "scope", "errors")
    ]
    na = {n["code"]: n for n in da["nodes"]}
    nb = {n["code"]: n for n in db["nodes"]}
    rows = []
    for code in sorted(set(na) | set(nb)):
        left, right = na.get(code), nb.get(code)
        fields = []
        for key in left or right or {}:
            if key == "code":
                continue
            lv = left.get(key) if left else None
            rv = right.get(key) if right else None
            fields.append((key, lv, rv, lv != rv))
        state = (
            "added"
            if left is None
            else "removed"
            if right is None
            else ("changed" if left != right else "same")
        )
        rows.append({"code": code, "state": state, "fields": fields})
    return {"a": a, "b": b, "header": header, "nodes": rows}


def templates_in_force() -> QuerySet[Template]:
    return (
        Template.objects.filter(current__isnull=False)
        .select_related("current")
        .annotate(step_count=Count("current__steps", distinct=True))
        .order_by("code")
    )


def templates_offered(*, court, procedure: str | None = None) -> list[Template]:
    """The templates in force that ``court`` may run: those whose current version lists the
    court's level (a basic court is never offered the second-instance template). ``procedure``
    (a case procedure) narrows to the template that procedure follows."""
    from courtops.core.cases.choices import Procedure as CaseProcedure

    qs = templates_in_force()
    if procedure:
        qs = qs.filter(procedure=CaseProcedure(procedure).workflow_template.value)
    level = getattr(court, "level", None) or "basic"
    # court levels are a short JSON list: filtered here (JSON containment differs by backend)
    return [t for t in qs if level in (t.current.court_levels or [])]  # type: ignore[union-attr]


def template_for_case(case) -> Template | None:
    """The template a case runs: its procedure's template, if the case's court level runs it."""
    offered = templates_offered(court=case.court, procedure=case.procedure)
    return offered[0] if offered else None


def service_items_in_force() -> QuerySet[ServiceItem]:
    """The service items of the catalogue, with how many nodes each covers (and how many of those
    are run by a template, i.e. case nodes)."""
    return (
        ServiceItem.objects.filter(active=True)
        .annotate(node_count=Count("node_types", distinct=True))
        .order_by("order", "code")
    )


def service_item_nodes(item: ServiceItem) -> QuerySet[NodeSpec]:
    """The node specs in force that a service item covers."""
    return specs_in_force().filter(node_type__service_items=item).order_by("code")


def template_version_full(version: TemplateVersion) -> TemplateVersion:
    """A template version with its steps (and their specs) and edges prefetched."""
    return (
        TemplateVersion.objects.select_related("template")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=TemplateStep.objects.select_related("node_spec__version").order_by(
                    "order"
                ),
            ),
            Prefetch(
                "edges",
                queryset=TemplateEdge.objects.select_related("source", "target").order_by("order"),
            ),
        )
        .get(pk=version.pk)
    )


def library_stats(*, workload: bool = False) -> dict:
    """Counts of the library in force: boards, standards, node types, templates, per board."""
    per_board = {}
    for b in boards_with_counts():
        per_board[b.code] = {
            "name": b.name,
            "standards": b.standard_count,  # type: ignore[attr-defined]  # annotated count
            "node_types": b.node_count,  # type: ignore[attr-defined]
        }
    return {
        "boards": Board.objects.count(),
        "standards": Standard.objects.filter(current__isnull=False).count(),
        "node_types": NodeSpec.objects.published().count(),
        "templates": Template.objects.filter(current__isnull=False).count(),
        "template_steps": TemplateStep.objects.filter(
            version__status=VersionStatus.PUBLISHED
        ).count(),
        "fragments_expanded": TemplateStep.objects.filter(version__status=VersionStatus.PUBLISHED)
        .exclude(fragment="")
        .values("fragment")
        .distinct()
        .count(),
        "with_time_limit": NodeSpec.objects.published().filter(time_amount__isnull=False).count(),
        "with_legal_basis": NodeSpec.objects.published().exclude(legal_basis="").count(),
        "per_board": per_board,
        "service_items": ServiceItem.objects.filter(active=True).count(),
        **(template_workload() if workload else {}),
    }


def template_workload() -> dict:
    """Per template in force: plain-path steps, work orders, work orders reviewed always, and the
    expected reviews per assistant per working day at the model court's volume
    (nodes/workload.py states the assumptions); and the total over the case mix."""
    from nodes.services.catalog import template_graph_of
    from nodes.workload import plain_path_load, review_load

    nodes = {
        spec.code: spec_to_doc(spec) for spec in NodeSpec.objects.published().only(*SPEC_DOC_FIELDS)
    }
    per_template = {
        t.code: plain_path_load(template_graph_of(t.current), nodes)  # type: ignore[arg-type]  # filtered to templates with a current version
        for t in Template.objects.filter(current__isnull=False)
        .select_related("current__template")
        .order_by("code")
    }
    return {"per_template": per_template, "review_load": review_load(per_template)}


SPEC_DOC_FIELDS = (
    "code",
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
    "legal_basis",
    "kind",
    "checklist",
    "errors",
    "review",
    "sample_rate",
    "visibility",
    "pay_unit",
    "non_case",
)
