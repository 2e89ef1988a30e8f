"""Case list, case page, party reveal and registration by hand."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courtops.core.cases import selectors, services
from courtops.core.cases.choices import CaseStatus, Procedure
from courtops.core.cases.forms import (
    CaseRegisterForm,
    CloseForm,
    ExclusionEndForm,
    ExclusionForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    ProcedureChangeForm,
    ReallocateForm,
    ReasonForm,
)
from courtops.core.cases.masking import MASKED, masked_rows
from courtops.core.cases.timelimits import describe_remaining
from courtops.core.choices import Role
from courtops.core.client_ip import client_ip
from courtops.core.exceptions import DomainError, NotFound, PermissionRefused, ValidationFailed
from courtops.core.http import AuthenticatedRequest, own_court
from courtops.core.permissions import can_handle_case, is_office_of
from courtops.core.registries import case_sections
from courtops.core.selectors import people_visible_to


def list_filters(request: AuthenticatedRequest) -> dict[str, str]:
    """The case list's filters from the query string, with the user's defaults (a judge's own
    cases): the list and its Excel export read exactly these."""
    filters = {k: request.GET.get(k, "").strip() for k in selectors.CASE_FILTERS}
    for key, value in selectors.case_list_defaults(request.user).items():
        if key not in request.GET:
            filters[key] = value
    return filters


@login_required
@require_GET
def case_list(request: AuthenticatedRequest) -> HttpResponse:
    filters = list_filters(request)
    # a malformed filter is refused by ``clean_case_filters`` (ValidationFailed, a 400)
    qs = selectors.case_list(request.user, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for case in page:
        left = (case.time_limit_end - today).days if case.time_limit_end and case.is_open else None
        rows.append({"case": case, "left": left, "overdue": -left if left is not None else None})
    units = selectors.units_visible_to(request.user).order_by("number")
    judges = people_visible_to(request.user).filter(role=Role.JUDGE).order_by("full_name")
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": filters,
            "causes": selectors.causes_for(request.user).filter(level__gte=1).order_by("path"),
            "procedures": Procedure.choices,
            "statuses": CaseStatus.choices,
            "units": units,
            "judges": judges,
            "is_office": is_office_of(request.user),
            "scope_tabs": _scope_tabs(request.user, filters),
        },
    )


def _scope_tabs(user, filters: dict) -> list[tuple[str, str, bool]]:
    """For a judge or assistant: his own cases / his unit's, keeping the other filters."""
    if not selectors.case_list_defaults(user):
        return []
    tabs = []
    for scope, label in (
        (selectors.SCOPE_MINE, _("My cases")),
        (selectors.SCOPE_UNIT, _("My unit's cases")),
    ):
        params = {k: v for k, v in filters.items() if v and k != "scope"}
        tabs.append((label, "?" + urlencode({**params, "scope": scope}), filters["scope"] == scope))
    return tabs


@login_required
@require_GET
def case_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    limit = selectors.case_time_limit(case)
    parties = masked_rows(case.parties.all(), MASKED)
    office = is_office_of(request.user)
    handler = can_handle_case(request.user, case)
    units = selectors.units_visible_to(request.user).filter(is_active=True).order_by("number")
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "limit": limit,
            "remaining": describe_remaining(limit),
            "parties": parties,
            "can_reveal": services.can_reveal_personal_data(request.user, case),
            "allocations": case.allocations.select_related(
                "trial_unit", "judge", "actor", "rule_set"
            ),
            "extensions": case.extensions.all(),
            "exclusions": case.exclusions.all(),
            "procedure_changes": case.procedure_changes.all(),
            "sections": case_sections(request, case),
            "is_office": office,
            "is_handler": handler and request.user.role != Role.LEADERSHIP,
            "reallocate_form": ReallocateForm(units=units),
            "recuse_form": ReasonForm(),
            "extension_form": ExtensionRequestForm(),
            "decide_form": ExtensionDecideForm(),
            "exclusion_form": ExclusionForm(),
            "end_form": ExclusionEndForm(initial={"end_date": timezone.localdate()}),
            "procedure_form": ProcedureChangeForm(),
            "close_form": CloseForm(
                initial={"closing_date": timezone.localdate()}, procedure=case.procedure
            ),
        },
    )


@login_required
@require_POST
def party_reveal(request: AuthenticatedRequest, pk: int, party_id: int) -> HttpResponse:
    """Show one party unmasked (audited). htmx swaps the row; without htmx, the row alone."""
    case = selectors.case_get(request.user, pk)
    party = case.parties.filter(pk=party_id).first()
    if party is None:
        raise NotFound(_("No such party."))
    try:
        shown = services.party_reveal(
            actor=request.user,
            party_id=party.pk,
            reason=request.POST.get("reason", ""),
            ip_address=client_ip(request),
        )
    except ValidationFailed as exc:
        return render(
            request,
            "cases/_party_row.html",
            {
                "p": masked_rows([party])[0],
                "case": case,
                "can_reveal": True,
                "reveal_error": exc.message,
            },
            status=400 if not request.htmx else 200,
        )
    return render(
        request,
        "cases/_party_row.html",
        {"p": {"obj": party, **shown}, "case": case, "revealed": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_register(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not is_office_of(user):
        raise PermissionRefused(_("Only the case-management office may register cases."))
    form = CaseRegisterForm(
        request.POST or None, causes=selectors.causes_for(user).order_by("path")
    )
    if request.method == "POST":
        valid = form.is_valid()
        # The service's checks run even when the form has errors, so every problem — a
        # duplicate case number included — shows at once, each beside its field.
        form.add_service_errors(
            services.case_register_check(court=own_court(user), data=form.as_case_data())
        )
        if valid and not form.errors:
            try:
                case = services.case_register(
                    actor=user,
                    court=own_court(user),
                    data=form.as_case_data(),
                    allocate=form.cleaned_data["allocate"],
                )
                messages.success(request, _("Case %(n)s registered.") % {"n": case.case_number})
                return redirect("cases:detail", pk=case.pk)
            except ValidationFailed as exc:
                form.add_service_errors(getattr(exc, "field_errors", [(None, exc.message)]))
            except DomainError as exc:
                form.add_error(None, exc.message)
    return render(request, "cases/case_register.html", {"form": form})


CASE_EXPORT_LIMIT = 50_000  # a year of a large basic court; one workbook stays under ~10 MB


@login_required
@require_GET
def case_export(request: AuthenticatedRequest) -> HttpResponse:
    """The case list as an Excel workbook, with exactly the list's filters (the same selector),
    at most ``CASE_EXPORT_LIMIT`` rows. No party data: the export is as masked as the list.
    Audited, with the filter used."""
    from courtops.core.choices import AuditAction
    from courtops.core.excel import workbook_bytes, xlsx_response
    from courtops.core.services.audit import audit_record

    filters = list_filters(request)
    qs = selectors.case_list(request.user, filters=filters)
    headers = [
        _("Case number"),
        _("Cause"),
        _("Procedure"),
        _("Filing date"),
        _("Status"),
        _("Unit"),
        _("Judge"),
        _("Assistant"),
        _("Time limit ends"),
        _("Closing date"),
        _("Closing manner"),
    ]
    rows = (
        (
            c.case_number,
            c.cause.name if c.cause else "",
            c.get_procedure_display(),
            c.filing_date,
            c.get_status_display(),
            c.trial_unit.name if c.trial_unit else "",
            c.judge.full_name if c.judge else "",
            c.assistant.full_name if c.assistant else "",
            c.time_limit_end,
            c.closing_date,
            c.get_closing_manner_display() if c.closing_manner else "",
        )
        for c in qs[:CASE_EXPORT_LIMIT].iterator(chunk_size=2000)
    )
    content = workbook_bytes([(str(_("Cases")), headers, rows)])
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="core.case",
        object_repr=str(_("Case list export")),
        court_id=request.user.court_id,
        changes={"filter": {k: v for k, v in filters.items() if v}},
    )
    return xlsx_response(content, f"案件列表-{timezone.localdate():%Y%m%d}.xlsx")
