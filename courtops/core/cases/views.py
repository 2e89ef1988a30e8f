"""Pages of the case register. Views parse input, call one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courtops.core.cases import selectors, services
from courtops.core.cases.choices import CaseStatus, Procedure, RuleSetStatus, UnitRole
from courtops.core.cases.forms import (
    CaseRegisterForm,
    CauseForm,
    CauseWeightForm,
    CloseForm,
    ExclusionEndForm,
    ExclusionForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    ImportForm,
    MemberForm,
    ProcedureChangeForm,
    ReallocateForm,
    ReasonForm,
    RuleForm,
    RuleSetForm,
    UnitCreateForm,
    UnitForm,
)
from courtops.core.cases.import_jobs import import_job_create
from courtops.core.cases.importer import template_workbook
from courtops.core.cases.masking import MASKED, masked_rows
from courtops.core.cases.timelimits import describe_remaining
from courtops.core.choices import Role
from courtops.core.client_ip import client_ip
from courtops.core.exceptions import DomainError, NotFound, PermissionRefused, ValidationFailed
from courtops.core.models import (
    AllocationRule,
    ImportJob,
    TimeLimitExclusion,
    TimeLimitExtension,
    TrialUnitMember,
)
from courtops.core.selectors import people_visible_to


def _is_office(user) -> bool:
    return user.role == Role.OFFICE or (user.is_superuser and user.court_id is None)


def _run(request, fn: Callable, success: str, target: str) -> HttpResponse:
    """Call a service; a refusal becomes a message on the page the person came from."""
    try:
        fn()
        messages.success(request, success)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        messages.error(request, exc.message)
    return redirect(target)


def _form_errors(form) -> str:
    return "; ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
        for f, e in form.errors.items()
    )


# --- list and detail -----------------------------------------------------------------------
@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in selectors.CASE_FILTERS}
    try:
        qs = selectors.case_list(request.user, filters=filters)
    except ValueError:
        qs = selectors.case_list(request.user, filters={})
        messages.error(request, _("A filter value was not understood and was ignored."))
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
            "is_office": _is_office(request.user),
        },
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    limit = selectors.case_time_limit(case)
    parties = masked_rows(case.parties.all(), MASKED)
    office = _is_office(request.user)
    handler = True
    try:
        services.require_case_handler(request.user, case)
    except (PermissionRefused, NotFound):
        handler = False
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
            "is_office": office,
            "is_handler": handler and request.user.role != Role.LEADERSHIP,
            "reallocate_form": ReallocateForm(units=units),
            "recuse_form": ReasonForm(),
            "extension_form": ExtensionRequestForm(),
            "decide_form": ExtensionDecideForm(),
            "exclusion_form": ExclusionForm(),
            "end_form": ExclusionEndForm(initial={"end_date": timezone.localdate()}),
            "procedure_form": ProcedureChangeForm(),
            "close_form": CloseForm(initial={"closing_date": timezone.localdate()}),
        },
    )


@login_required
@require_POST
def party_reveal(request: HttpRequest, pk: int, party_id: int) -> HttpResponse:
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


# --- register and import --------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def case_register(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _is_office(user):
        raise PermissionRefused(_("Only the case-management office may register cases."))
    form = CaseRegisterForm(
        request.POST or None, causes=selectors.causes_for(user).order_by("path")
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_register(
                actor=user,
                court=user.court,
                data=form.as_case_data(),
                allocate=form.cleaned_data["allocate"],
            )
            messages.success(request, _("Case %(n)s registered.") % {"n": case.case_number})
            return redirect("cases:detail", pk=case.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "cases/case_register.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_import(request: HttpRequest) -> HttpResponse:
    """Upload a ledger: it is stored and imported in the background; the page of the job shows
    its progress and, if any row fails, every error by row and column."""
    user = request.user
    if not _is_office(user):
        raise PermissionRefused(_("Only the case-management office may import cases."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_create(
                actor=user, court=user.court, filename=upload.name, content=upload.read()
            )
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
        else:
            return redirect("cases:import-job", pk=job.pk)
    jobs = ImportJob.objects.for_user(user).defer("content", "errors")[:10]
    return render(request, "cases/case_import.html", {"form": form, "jobs": jobs})


@login_required
@require_GET
def import_job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: status and progress (refreshed every 2 s while it runs), then the outcome."""
    if not _is_office(request.user):
        raise PermissionRefused(_("Only the case-management office may import cases."))
    job = ImportJob.objects.for_user(request.user).defer("content").filter(pk=pk).first()
    if job is None:
        raise NotFound(_("No such import."))
    template = (
        "cases/_import_job_status.html"
        if request.headers.get("HX-Request")
        else "cases/import_job.html"
    )
    return render(request, template, {"job": job, "errors": job.errors[:500]})


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''case-ledger-template.xlsx"
    return response


# --- allocation ----------------------------------------------------------------------------
@login_required
@require_POST
def allocate_pending(request: HttpRequest) -> HttpResponse:
    user = request.user

    def go():
        done = services.cases_allocate(actor=user, court=user.court)
        messages.info(request, _("%(n)s cases allocated.") % {"n": len(done)})

    return _run(request, go, _("Allocation finished."), reverse("cases:list") + "?pending=1")


@login_required
@require_POST
def case_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return _run(
        request,
        lambda: services.cases_allocate(actor=request.user, court=case.court, case_ids=[case.pk]),
        _("Case allocated."),
        reverse("cases:detail", args=[case.pk]),
    )


@login_required
@require_POST
def case_reallocate(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    units = selectors.units_visible_to(request.user)
    form = ReallocateForm(request.POST, units=units)
    target = reverse("cases:detail", args=[case.pk])
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(target)
    return _run(
        request,
        lambda: services.case_reallocate(
            actor=request.user,
            case_id=case.pk,
            reason=form.cleaned_data["reason"],
            unit=form.cleaned_data["unit"],
        ),
        _("Case reallocated."),
        target,
    )


@login_required
@require_POST
def case_recuse(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    form = ReasonForm(request.POST)
    target = reverse("cases:detail", args=[case.pk])
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(target)
    return _run(
        request,
        lambda: services.case_recuse(
            actor=request.user, case_id=case.pk, reason=form.cleaned_data["reason"]
        ),
        _("The judge was replaced."),
        target,
    )


# --- time limit and status ------------------------------------------------------------------
def _case_form_action(request, pk: int, form_class, call, success: str) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    form = form_class(request.POST)
    target = reverse("cases:detail", args=[case.pk])
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(target)
    return _run(request, lambda: call(case, form.cleaned_data), success, target)


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form_action(
        request,
        pk,
        ExtensionRequestForm,
        lambda case, d: services.extension_request(actor=request.user, case_id=case.pk, **d),
        _("Extension requested."),
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int, ext_id: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    if not TimeLimitExtension.objects.for_user(request.user).filter(pk=ext_id, case=case).exists():
        raise NotFound(_("No such extension request."))
    return _case_form_action(
        request,
        pk,
        ExtensionDecideForm,
        lambda case, d: services.extension_decide(actor=request.user, extension_id=ext_id, **d),
        _("Decision recorded."),
    )


@login_required
@require_POST
def exclusion_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form_action(
        request,
        pk,
        ExclusionForm,
        lambda case, d: services.exclusion_add(actor=request.user, case_id=case.pk, **d),
        _("Excluded period recorded."),
    )


@login_required
@require_POST
def exclusion_end(request: HttpRequest, pk: int, exclusion_id: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    if (
        not TimeLimitExclusion.objects.for_user(request.user)
        .filter(pk=exclusion_id, case=case)
        .exists()
    ):
        raise NotFound(_("No such excluded period."))
    return _case_form_action(
        request,
        pk,
        ExclusionEndForm,
        lambda case, d: services.exclusion_end(actor=request.user, exclusion_id=exclusion_id, **d),
        _("Excluded period ended."),
    )


@login_required
@require_POST
def procedure_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form_action(
        request,
        pk,
        ProcedureChangeForm,
        lambda case, d: services.case_change_procedure(actor=request.user, case_id=case.pk, **d),
        _("Procedure changed."),
    )


@login_required
@require_POST
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form_action(
        request,
        pk,
        CloseForm,
        lambda case, d: services.case_close(actor=request.user, case_id=case.pk, **d),
        _("Case closed."),
    )


@login_required
@require_POST
def case_start_trial(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return _run(
        request,
        lambda: services.case_start_trial(actor=request.user, case_id=case.pk),
        _("The case is in trial."),
        reverse("cases:detail", args=[case.pk]),
    )


@login_required
@require_POST
def case_archive(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return _run(
        request,
        lambda: services.case_archive(actor=request.user, case_id=case.pk),
        _("The case is archived."),
        reverse("cases:detail", args=[case.pk]),
    )


# --- units ---------------------------------------------------------------------------------
@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    units = list(selectors.units_visible_to(request.user).order_by("number"))
    for unit in units:
        members = list(selectors.unit_members(unit))
        unit.judge_names = "、".join(
            m.person.full_name for m in members if m.role == UnitRole.JUDGE
        )
        unit.assistant_names = "、".join(
            m.person.full_name for m in members if m.role == UnitRole.ASSISTANT
        )
    return render(
        request,
        "cases/unit_list.html",
        {"units": units, "is_office": _is_office(request.user), "create_form": UnitCreateForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.units_visible_to(request.user).filter(pk=pk).first()
    if unit is None:
        raise NotFound(_("No such unit."))
    if not _is_office(request.user):
        raise PermissionRefused(_("Only the case-management office may change units."))
    causes = selectors.causes_for(request.user).filter(level__gte=1).order_by("path")
    initial = {
        "name": unit.name,
        "causes": list(unit.causes.all()),
        "handles_simple": unit.handles_simple,
        "handles_complex": unit.handles_complex,
        "is_active": unit.is_active,
    }
    form = UnitForm(request.POST or None, initial=initial, causes=causes)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
            messages.success(request, _("Unit saved."))
            return redirect("cases:units")
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(
        request,
        "cases/unit_edit.html",
        {
            "unit": unit,
            "form": form,
            "members": selectors.unit_members(unit),
            "member_form": MemberForm(people=_free_people(request.user)),
        },
    )


# --- allocation rules ----------------------------------------------------------------------
def _require_rules_reader(user) -> None:
    if user.role not in (Role.OFFICE, Role.LEADERSHIP) and not (
        user.is_superuser and user.court_id is None
    ):
        raise PermissionRefused(_("Only the office and leadership may read the allocation rules."))


@login_required
@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_rules_reader(user)
    active = selectors.rule_set_current(user)
    draft = selectors.rule_set_current(user, RuleSetStatus.DRAFT)
    shown = draft if (draft and request.GET.get("view") != "active") else active
    causes = selectors.causes_for(user).order_by("path")
    units = selectors.units_visible_to(user).filter(is_active=True).order_by("number")
    cause_names = dict(causes.values_list("pk", "name"))
    preview = None
    if request.GET.get("preview") and user.court_id:
        pending = list(
            selectors.case_list(user, filters={"pending": "1"}).order_by("filing_date", "pk")[:20]
        )
        preview = services.allocation_preview(court=user.court, rule_set=shown, cases=pending)
    weights_form = None
    if shown is not None:
        initial = {"tie_break": shown.tie_break, "note": shown.note}
        for value, _label in Procedure.choices:
            initial[f"w_{value}"] = shown.procedure_weights.get(value, 1)
        weights_form = RuleSetForm(initial=initial)
    return render(
        request,
        "cases/rules.html",
        {
            "active": active,
            "draft": draft,
            "shown": shown,
            "rules": AllocationRule.objects.for_user(user)
            .filter(rule_set=shown)
            .select_related("cause")
            .prefetch_related("units")
            if shown
            else [],
            "cause_weights": [
                (cause_names.get(int(k), k), k, v)
                for k, v in (shown.cause_weights.items() if shown else [])
            ],
            "weights_form": weights_form,
            "rule_form": RuleForm(causes=causes, units=units),
            "cause_weight_form": CauseWeightForm(causes=causes),
            "cause_form": CauseForm(causes=causes),
            "history": selectors.rule_sets_visible_to(user).order_by("-version")[:20],
            "preview": preview,
            "is_office": _is_office(user),
        },
    )


def _draft(user):
    return services.ruleset_draft(actor=user, court=user.court)


@login_required
@require_POST
def rules_draft(request: HttpRequest) -> HttpResponse:
    return _run(request, lambda: _draft(request.user), _("Draft ready."), reverse("cases:rules"))


@login_required
@require_POST
def rules_weights(request: HttpRequest) -> HttpResponse:
    form = RuleSetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cases:rules")
    d = form.cleaned_data
    weights = {v: float(d[f"w_{v}"]) for v, _l in Procedure.choices if float(d[f"w_{v}"]) != 1.0}
    return _run(
        request,
        lambda: services.ruleset_update(
            actor=request.user,
            rule_set=_draft(request.user),
            procedure_weights=weights,
            tie_break=d["tie_break"],
            note=d["note"],
        ),
        _("Weights saved in the draft."),
        reverse("cases:rules"),
    )


@login_required
@require_POST
def rules_cause_weight(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CauseWeightForm(request.POST, causes=selectors.causes_for(user))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cases:rules")

    def go():
        draft = _draft(user)
        weights = dict(draft.cause_weights)
        weights[str(form.cleaned_data["cause"].pk)] = float(form.cleaned_data["weight"])
        services.ruleset_update(actor=user, rule_set=draft, cause_weights=weights)

    return _run(request, go, _("Weight saved in the draft."), reverse("cases:rules"))


@login_required
@require_POST
def rules_add(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = RuleForm(
        request.POST,
        causes=selectors.causes_for(user),
        units=selectors.units_visible_to(user),
    )
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cases:rules")
    return _run(
        request,
        lambda: services.rule_add(actor=user, rule_set=_draft(user), **form.cleaned_data),
        _("Rule added to the draft."),
        reverse("cases:rules"),
    )


@login_required
@require_POST
def rules_delete(request: HttpRequest, rule_id: int) -> HttpResponse:
    rule = (
        AllocationRule.objects.for_user(request.user)
        .filter(pk=rule_id)
        .select_related("rule_set")
        .first()
    )
    if rule is None:
        raise NotFound(_("No such rule."))
    return _run(
        request,
        lambda: services.rule_delete(actor=request.user, rule=rule),
        _("Rule removed."),
        reverse("cases:rules"),
    )


@login_required
@require_POST
def rules_publish(request: HttpRequest) -> HttpResponse:
    draft = selectors.rule_set_current(request.user, RuleSetStatus.DRAFT)
    if draft is None:
        raise NotFound(_("There is no draft to publish."))
    return _run(
        request,
        lambda: services.ruleset_publish(
            actor=request.user, rule_set=draft, note=request.POST.get("note", "")
        ),
        _("Rule set published."),
        reverse("cases:rules") + "?view=active",
    )


@login_required
@require_POST
def cause_add(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CauseForm(request.POST, causes=selectors.causes_for(user))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cases:rules")
    return _run(
        request,
        lambda: services.cause_create(actor=user, court=user.court, **form.cleaned_data),
        _("Cause added."),
        reverse("cases:rules"),
    )


def _free_people(user):
    """Judges and assistants of the user's court who are in no active unit."""
    busy = TrialUnitMember.objects.filter(is_active=True).values("person_id")
    return (
        people_visible_to(user)
        .filter(role__in=[Role.JUDGE, Role.ASSISTANT], is_active=True)
        .exclude(pk__in=busy)
        .order_by("role", "full_name")
    )


@login_required
@require_POST
def unit_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = UnitCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cases:units")
    return _run(
        request,
        lambda: services.unit_create(
            actor=user,
            court=user.court,
            number=form.cleaned_data["number"],
            name=form.cleaned_data["name"],
        ),
        _("Unit created."),
        reverse("cases:units"),
    )


@login_required
@require_POST
def unit_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.units_visible_to(request.user).filter(pk=pk).first()
    if unit is None:
        raise NotFound(_("No such unit."))
    form = MemberForm(request.POST, people=_free_people(request.user))
    target = reverse("cases:unit-edit", args=[unit.pk])
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(target)
    person = form.cleaned_data["person"]
    role = UnitRole.JUDGE if person.role == Role.JUDGE else UnitRole.ASSISTANT
    return _run(
        request,
        lambda: services.unit_add_member(actor=request.user, unit=unit, person=person, role=role),
        _("Member added."),
        target,
    )


@login_required
@require_POST
def unit_member_remove(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    member = (
        TrialUnitMember.objects.for_user(request.user)
        .filter(pk=member_id, unit_id=pk, is_active=True)
        .select_related("unit")
        .first()
    )
    if member is None:
        raise NotFound(_("No such member."))
    return _run(
        request,
        lambda: services.unit_remove_member(
            actor=request.user, member=member, reason=request.POST.get("reason", "")
        ),
        _("Member removed."),
        reverse("cases:unit-edit", args=[pk]),
    )
