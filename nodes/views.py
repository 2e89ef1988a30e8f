"""Pages of the standards library. Views only translate between HTTP and selectors/services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courtops.core.exceptions import DomainError
from courtops.core.http import AuthenticatedRequest
from courtops.core.permissions import can_change_standard, can_see_standard_draft
from nodes import graph, selectors
from nodes.choices import CASE_FIELDS, Join, VersionStatus
from nodes.filtersets import NodeSpecFilter
from nodes.forms import ImportForm, NodeSpecForm
from nodes.models import (
    NodeSpec,
    StandardVersion,
    Template,
    TemplateEdge,
    TemplateStep,
    TemplateVersion,
)
from nodes.services import (
    node_spec_update,
    standard_draft_create,
    standard_draft_discard,
    standard_export_excel,
    standard_import_start,
    standard_version_publish,
)

MAX_UPLOAD = 10 * 1024 * 1024


@login_required
def library(request: AuthenticatedRequest) -> HttpResponse:
    boards = list(selectors.boards_with_counts())
    standards = list(selectors.standards_in_force())
    for b in boards:
        b.items = [s for s in standards if s.board_id == b.pk]  # type: ignore[attr-defined]
    return render(
        request,
        "nodes/library.html",
        {"boards": boards, "stats": selectors.library_stats(), "filter": NodeSpecFilter()},
    )


@login_required
def search(request: AuthenticatedRequest) -> HttpResponse:
    f = NodeSpecFilter(request.GET, queryset=selectors.specs_in_force().order_by("code"))
    page = Paginator(f.qs, 50).get_page(request.GET.get("page"))
    return render(request, "nodes/search.html", {"filter": f, "page": page})


@login_required
def standard_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    standard = selectors.standard_get(code)
    if standard is None:
        raise Http404
    versions = list(standard.versions.order_by("-version"))
    if not can_see_standard_draft(request.user, standard):
        # a draft stays with whoever may change the standard (another court sees none of it)
        versions = [v for v in versions if v.status != VersionStatus.DRAFT]
    wanted = request.GET.get("v")
    shown = next((v for v in versions if str(v.version) == wanted), None) or standard.current
    if shown is None and versions:
        shown = versions[0]
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    return render(
        request,
        "nodes/standard_detail.html",
        {
            "standard": standard,
            "shown": shown,
            "specs": shown.specs.order_by("order") if shown else [],
            "versions": versions,
            "draft": draft,
            "is_office": can_change_standard(request.user, standard),
            "import_form": ImportForm(),
        },
    )


def _version(code: str, number: int, user=None) -> StandardVersion:
    sv = get_object_or_404(
        StandardVersion.objects.select_related("standard__board"),
        standard__code=code,
        version=number,
    )
    if (
        user is not None
        and sv.status == VersionStatus.DRAFT
        and not can_see_standard_draft(user, sv.standard)
    ):
        raise Http404
    return sv


@login_required
def standard_export(request: AuthenticatedRequest, code: str, version: int) -> HttpResponse:
    sv = _version(code, version, request.user)
    data = standard_export_excel(version=sv, actor=request.user)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{code}-v{version}.xlsx"'
    return response


@login_required
@require_POST
def standard_import(request: AuthenticatedRequest, code: str) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    target = reverse("nodes:standard", args=[code])
    if not form.is_valid():
        messages.error(request, _("Choose an Excel workbook to import."))
        return redirect(target)
    upload = form.cleaned_data["file"]
    standard = selectors.standard_get(code)
    if standard is not None and not can_change_standard(request.user, standard):
        messages.error(
            request,
            _(
                "Installation-wide standards are changed only by the platform administrator; "
                "every court works to them."
            ),
        )
        return redirect(target)
    if upload.size > MAX_UPLOAD:
        messages.error(request, _("The file is larger than 10 MB."))
        return redirect(target)
    try:
        # Parsed in the background (an import job, like the case ledger): a large workbook
        # cannot hold a web worker near its timeout.
        job = standard_import_start(actor=request.user, data=upload.read(), filename=upload.name)
    except DomainError as exc:
        messages.error(request, exc.message)
        for line in exc.errors[:200]:
            messages.error(request, line)
        return redirect(target)
    return redirect("cases:import-job", pk=job.pk)


@login_required
@require_POST
def standard_publish(request: AuthenticatedRequest, code: str, version: int) -> HttpResponse:
    sv = _version(code, version, request.user)
    try:
        standard_version_publish(actor=request.user, version_id=sv.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        for line in exc.errors[:200]:
            messages.error(request, line)
        return redirect(f"{reverse('nodes:standard', args=[code])}?v={version}")
    messages.success(request, _("Version %(v)d is published.") % {"v": version})
    return redirect("nodes:standard", code=code)


@login_required
@require_POST
def standard_draft(request: AuthenticatedRequest, code: str) -> HttpResponse:
    try:
        draft = standard_draft_create(actor=request.user, standard_code=code)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("nodes:standard", code=code)
    messages.success(request, _("Draft version %(v)d opened.") % {"v": draft.version})
    return redirect(f"{reverse('nodes:standard', args=[code])}?v={draft.version}")


@login_required
def node_edit(request: AuthenticatedRequest, code: str, version: int, node: str) -> HttpResponse:
    sv = _version(code, version, request.user)
    spec = get_object_or_404(NodeSpec, version=sv, code=node)
    if not can_change_standard(request.user, sv.standard) or sv.status != VersionStatus.DRAFT:
        messages.error(request, _("Only the office edits, and only a draft."))
        return redirect("nodes:standard", code=code)
    back = f"{reverse('nodes:standard', args=[code])}?v={version}"
    if request.method == "POST":
        form = NodeSpecForm(request.POST)
        if form.is_valid():
            try:
                node_spec_update(actor=request.user, spec_id=spec.pk, changes=form.changes())
            except DomainError as exc:
                form.add_error(None, exc.message)
                for line in exc.errors:
                    form.add_error(None, line)
            else:
                messages.success(request, _("%(code)s saved in the draft.") % {"code": node})
                return redirect(back)
    else:
        form = NodeSpecForm(initial=NodeSpecForm.initial_from(selectors.spec_to_doc(spec)))
    return render(request, "nodes/node_edit.html", {"form": form, "spec": spec, "back": back})


@login_required
@require_POST
def standard_discard(request: AuthenticatedRequest, code: str, version: int) -> HttpResponse:
    sv = _version(code, version, request.user)
    try:
        standard_draft_discard(actor=request.user, version_id=sv.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The draft was discarded."))
    return redirect("nodes:standard", code=code)


@login_required
def standard_compare(request: AuthenticatedRequest, code: str) -> HttpResponse:
    standard = selectors.standard_get(code)
    if standard is None:
        raise Http404
    versions = list(standard.versions.order_by("version"))
    if len(versions) < 2:
        messages.info(request, _("This standard has only one version."))
        return redirect("nodes:standard", code=code)
    by_number = {str(v.version): v for v in versions}
    a = by_number.get(request.GET.get("a", ""), versions[-2])
    b = by_number.get(request.GET.get("b", ""), versions[-1])
    only_changed = request.GET.get("all") != "1"
    cmp = selectors.versions_compare(a, b)
    for node in cmp["nodes"]:
        node["fields"] = [(k, _shown(lv), _shown(rv), d) for k, lv, rv, d in node["fields"]]
    cmp["header"] = [(k, _shown(lv), _shown(rv), d) for k, lv, rv, d in cmp["header"]]
    if only_changed:
        cmp["nodes"] = [n for n in cmp["nodes"] if n["state"] != "same"]
    return render(
        request,
        "nodes/compare.html",
        {"standard": standard, "cmp": cmp, "versions": versions, "only_changed": only_changed},
    )


def _shown(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return value


@login_required
def node_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    history = list(selectors.spec_history(code))
    if not history:
        raise Http404
    wanted = request.GET.get("v")
    spec = next((s for s in history if str(s.version.version) == wanted), None)
    if spec is None:
        spec = next((s for s in history if s.version.status == VersionStatus.PUBLISHED), history[0])
    spec = NodeSpec.objects.select_related("version__standard__board").get(pk=spec.pk)
    errors = spec.version.error_map()
    templates = (
        Template.objects.filter(current__steps__node_type__code=code).distinct().order_by("code")
    )
    return render(
        request,
        "nodes/node_detail.html",
        {
            "spec": spec,
            "history": history,
            "errors": [
                errors.get(c, {"code": c, "text": "?", "severity": ""}) for c in spec.errors
            ],
            "visibility": [(f, CASE_FIELDS.get(f, f)) for f in spec.visibility],
            "inputs": [(f, CASE_FIELDS.get(f, f)) for f in spec.inputs],
            "templates": templates,
        },
    )


@login_required
def template_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "nodes/template_list.html", {"templates": selectors.templates_in_force()}
    )


@login_required
def service_items(request: AuthenticatedRequest) -> HttpResponse:
    """The catalogue of the service items the court buys, each with its nodes and pay unit."""
    items = list(selectors.service_items_in_force())
    wanted = request.GET.get("item")
    chosen = next((i for i in items if i.code == wanted), None)
    return render(
        request,
        "nodes/service_items.html",
        {
            "items": items,
            "chosen": chosen,
            "nodes": list(selectors.service_item_nodes(chosen)) if chosen else [],
        },
    )


@login_required
def template_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    template = get_object_or_404(Template, code=code)
    versions = list(template.versions.order_by("-version"))
    if not versions:
        raise Http404
    wanted = request.GET.get("v")
    tv: TemplateVersion = next((v for v in versions if str(v.version) == wanted), versions[0])
    expand = request.GET.get("expand", "")
    return render(
        request,
        "nodes/template_detail.html",
        {
            "template": template,
            "tv": tv,
            "versions": versions,
            # rendered by nodes/_template_body.html, which escapes every text it places
            "body": mark_safe(template_body(tv, expand=expand, wanted=wanted)),  # noqa: S308
            "expand": expand,
        },
    )


def template_body(tv: TemplateVersion, *, expand: str, wanted: str | None) -> str:
    """The drawing and the step table of one template version. A version's content never
    changes (its hash is part of the key), so the layout and the table are computed once per
    version, view (folded / unfolded fragment / everything) and language, then cached: the page
    then costs two small queries instead of loading every step's node specification."""
    key = "nodes:template-body:" + ":".join(
        [str(tv.pk), tv.content_hash, expand[:60], wanted or "", get_language() or ""]
    )
    body = cache.get(key)
    if body is None:
        body = _template_body(tv, expand=expand, wanted=wanted)
        cache.set(key, body, timeout=TEMPLATE_BODY_TTL)
    return body


TEMPLATE_BODY_TTL = 24 * 3600


def _template_body(tv: TemplateVersion, *, expand: str, wanted: str | None) -> str:
    # Only what the drawing and the table show: a node's code, name, version and output
    # labels (for the guards) — not its instruction, checklist and other JSON, which made the
    # first request of a big template slow.
    steps = list(
        TemplateStep.objects.filter(version=tv)
        .select_related("node_spec__version")
        .only(
            "step_id",
            "join",
            "is_start",
            "is_end",
            "fragment",
            "order",
            "version_id",
            "node_spec__code",
            "node_spec__name",
            "node_spec__outputs",
            "node_spec__version__version",
        )
        .order_by("order")
    )
    by_pk = {s.pk: s for s in steps}
    node_url = reverse("nodes:node", args=["CODE"]).replace("CODE", "{}")  # one reverse, not 1,000
    for s in steps:
        s.node_url = node_url.format(s.node_spec.code)  # type: ignore[attr-defined]
    edges = list(TemplateEdge.objects.filter(version=tv).order_by("order"))
    for e in edges:
        e.source, e.target = by_pk[e.source_id], by_pk[e.target_id]
    out: dict[int, list] = {}
    for e in edges:
        out.setdefault(e.source_id, []).append(e)
        # Display attributes for the template (not model fields).
        e.target_name = by_pk[e.target_id].node_spec.name  # type: ignore[attr-defined]
        e.guard_text = graph.guard_label(  # type: ignore[attr-defined]
            e.guard, e.is_else, by_pk[e.source_id].node_spec.outputs
        )
    for s in steps:
        s.next_edges = out.get(s.pk, [])  # type: ignore[attr-defined]
    start = next((s.step_id for s in steps if s.is_start), steps[0].step_id if steps else "")
    step_dicts = [
        {
            "id": s.step_id,
            "code": s.node_spec.code,
            "name": s.node_spec.name,
            "join": s.join,
            "end": s.is_end,
            "fragment": s.fragment,
        }
        for s in steps
    ]
    edge_dicts = [
        {
            "from": e.source.step_id,
            "to": e.target.step_id,
            "guard": e.guard,
            "else": e.is_else,
            "rework": e.rework,
            "label": e.guard_text,  # type: ignore[attr-defined]
        }
        for e in edges
    ]
    if expand != "all":
        step_dicts, edge_dicts = graph.collapse(
            step_dicts, edge_dicts, keep=expand, names=tv.fragment_names
        )
        start_box: str = next(
            (
                str(s["id"])
                for s in step_dicts
                if s["id"] == start or s.get("group") == start.split(".")[0]
            ),
            start,
        )
    else:
        start_box = start
    base = reverse("nodes:template", args=[tv.template.code])
    version_q = f"v={tv.version}&" if wanted else ""

    def href(box: dict) -> str:
        if box.get("group"):
            return f"{base}?{version_q}expand={box['group']}"
        return reverse("nodes:node", args=[box["code"]])

    svg = graph.render_svg(step_dicts, edge_dicts, start=start_box, href=href)
    return render_to_string(
        "nodes/_template_body.html",
        {
            "svg": mark_safe(svg),  # noqa: S308 (nodes.graph escapes every text it places)
            "rows": mark_safe(_step_rows(steps)),  # noqa: S308 (_step_rows escapes every text)
        },
    )


def _step_rows(steps) -> str:
    """The step table's rows, built in Python: a template loop over 1,000 steps took a second.
    Every text is escaped; internal step ids only appear in ``title`` attributes."""
    start, end, rework = _("start"), _("end"), _("rework")
    joins = {value: escape(label) for value, label in Join.choices}  # translated once, not per row
    out = []
    for i, s in enumerate(steps, start=1):
        spec = s.node_spec
        marks = (f' <span class="badge ok">{escape(start)}</span>' if s.is_start else "") + (
            f' <span class="badge">{escape(end)}</span>' if s.is_end else ""
        )
        nexts = "".join(
            f'<div title="{escape(e.target.step_id)}">→ {escape(e.target_name)}'
            + (f' <span class="guard">{escape(e.guard_text)}</span>' if e.guard_text else "")
            + (f' <span class="badge">{escape(rework)}</span>' if e.rework else "")
            + "</div>"
            for e in s.next_edges
        )
        out.append(
            f'<tr id="step-{i}" title="{escape(s.step_id)}"><td><a href="{escape(s.node_url)}">'
            f'<span class="nowrap">{escape(spec.code)}</span> {escape(spec.name)}</a>{marks} '
            f'<small class="muted">v{spec.version.version}</small></td>'
            f'<td class="nowrap">{joins.get(s.join, s.join)}</td><td>{nexts}</td></tr>'
        )
    return "\n".join(out)
