"""Pages of one standard: its versions, and the drafts its owner edits and publishes — the
installation's (platform administrator) or a court's own variant (that court's office)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courtops.core.exceptions import DomainError
from courtops.core.http import AuthenticatedRequest
from courtops.core.permissions import can_change_standard, can_see_standard_draft
from nodes import selectors
from nodes.choices import VersionStatus
from nodes.forms import ImportForm, NodeSpecForm
from nodes.models import (
    NodeSpec,
    StandardVersion,
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


def _shown(value):
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, indent=1)
    return value


def _variant_office(user) -> bool:
    """The office of a court, who may keep that court's own variant of a standard."""
    court_id = getattr(user, "court_id", None)
    return court_id is not None and can_change_standard(user, StandardVersion(court_id=court_id))


def _page(sv: StandardVersion) -> str:
    """The standard's page showing ``sv`` (a court's variant or an installation version)."""
    key = "variant" if sv.court_id is not None else "v"
    return f"{reverse('nodes:standard', args=[sv.standard.code])}?{key}={sv.version}"


@login_required
def standard_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    standard = selectors.standard_get(code)
    if standard is None:
        raise Http404
    versions = list(
        StandardVersion.objects.installation().filter(standard=standard).order_by("-version")
    )
    if not can_see_standard_draft(request.user, standard):
        # a draft stays with whoever may change the standard (another court sees none of it)
        versions = [v for v in versions if v.status != VersionStatus.DRAFT]
    wanted = request.GET.get("v")
    shown = next((v for v in versions if str(v.version) == wanted), None) or standard.current
    if shown is None and versions:
        shown = versions[0]
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    # this court's own variant: its office only (other courts, companies, judges see none)
    variant_office = standard.court_id is None and _variant_office(request.user)
    variants = (
        selectors.standard_variant_versions(standard=standard, user=request.user)
        if variant_office
        else []
    )
    wanted_variant = request.GET.get("variant")
    shown = next((v for v in variants if str(v.version) == wanted_variant), shown)
    return render(
        request,
        "nodes/standard_detail.html",
        {
            "standard": standard,
            "shown": shown,
            "specs": NodeSpec.objects.filter(version=shown).order_by("order") if shown else [],
            "versions": versions,
            "draft": draft,
            "is_office": can_change_standard(request.user, standard),
            "variant_office": variant_office,
            "variants": variants,
            "variant_draft": next((v for v in variants if v.status == VersionStatus.DRAFT), None),
            "in_force": (
                selectors.standard_version_in_force(
                    standard=standard, court_id=request.user.court_id
                )
                if variant_office
                else None
            ),
            "editable": shown is not None
            and shown.status == VersionStatus.DRAFT
            and can_change_standard(
                request.user, shown if shown.court_id is not None else standard
            ),
            "import_form": ImportForm(),
        },
    )


def _version(code: str, number: int, user=None, court: int | None = None) -> StandardVersion:
    """Version ``number`` of the installation's standard ``code`` — or, with ``court``, of that
    court's own variant of it, which only that court's office reaches (404 for anyone else)."""
    versions = (
        StandardVersion.objects.installation()
        if court is None
        else StandardVersion.objects.variants_of(court)
    )
    sv = get_object_or_404(
        versions.select_related("standard__board"), standard__code=code, version=number
    )
    if court is not None and not (_variant_office(user) and can_change_standard(user, sv)):
        raise Http404
    owner = sv if sv.court_id is not None else sv.standard
    if (
        user is not None
        and sv.status == VersionStatus.DRAFT
        and not can_see_standard_draft(user, owner)
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
def standard_publish(
    request: AuthenticatedRequest, code: str, version: int, court: int | None = None
) -> HttpResponse:
    sv = _version(code, version, request.user, court)
    try:
        standard_version_publish(actor=request.user, version_id=sv.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        for line in exc.errors[:200]:
            messages.error(request, line)
        return redirect(_page(sv))
    messages.success(request, _("Version %(v)d is published.") % {"v": version})
    return redirect(_page(sv) if court is not None else reverse("nodes:standard", args=[code]))


@login_required
@require_POST
def standard_draft(
    request: AuthenticatedRequest, code: str, court: int | None = None
) -> HttpResponse:
    if court is not None and not (_variant_office(request.user) and request.user.court_id == court):
        raise Http404
    try:
        draft = standard_draft_create(actor=request.user, standard_code=code, court_id=court)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("nodes:standard", code=code)
    messages.success(request, _("Draft version %(v)d opened.") % {"v": draft.version})
    return redirect(_page(draft))


@login_required
def node_edit(
    request: AuthenticatedRequest, code: str, version: int, node: str, court: int | None = None
) -> HttpResponse:
    sv = _version(code, version, request.user, court)
    spec = get_object_or_404(NodeSpec, version=sv, code=node)
    owner = sv if sv.court_id is not None else sv.standard
    if not can_change_standard(request.user, owner) or sv.status != VersionStatus.DRAFT:
        messages.error(request, _("Only the office edits, and only a draft."))
        return redirect("nodes:standard", code=code)
    back = _page(sv)
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
def standard_discard(
    request: AuthenticatedRequest, code: str, version: int, court: int | None = None
) -> HttpResponse:
    sv = _version(code, version, request.user, court)
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
    versions = list(
        StandardVersion.objects.installation().filter(standard=standard).order_by("version")
    )
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
