"""Allocation-rule pages and adding a cause."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courtops.core.cases import selectors, services
from courtops.core.cases.choices import Procedure, RuleSetStatus
from courtops.core.cases.forms import CauseForm, CauseWeightForm, RuleForm, RuleSetForm
from courtops.core.cases.views._common import _form_errors, _run, court_only
from courtops.core.exceptions import NotFound, PermissionRefused
from courtops.core.http import AuthenticatedRequest, own_court
from courtops.core.models import AllocationRule
from courtops.core.permissions import can_read_allocation_rules, is_office_of


def _require_rules_reader(user) -> None:
    if not can_read_allocation_rules(user):
        raise PermissionRefused(_("Only the office and leadership may read the allocation rules."))


@login_required
@require_GET
def rules(request: AuthenticatedRequest) -> HttpResponse:
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
        preview = services.allocation_preview(court=own_court(user), rule_set=shown, cases=pending)
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
            "is_office": is_office_of(user),
        },
    )


def _draft(user):
    return services.ruleset_draft(actor=user, court=own_court(user))


@login_required
@require_POST
@court_only
def rules_draft(request: AuthenticatedRequest) -> HttpResponse:
    return _run(request, lambda: _draft(request.user), _("Draft ready."), reverse("cases:rules"))


@login_required
@require_POST
@court_only
def rules_weights(request: AuthenticatedRequest) -> HttpResponse:
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
@court_only
def rules_cause_weight(request: AuthenticatedRequest) -> HttpResponse:
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
@court_only
def rules_add(request: AuthenticatedRequest) -> HttpResponse:
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
@court_only
def rules_delete(request: AuthenticatedRequest, rule_id: int) -> HttpResponse:
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
@court_only
def rules_publish(request: AuthenticatedRequest) -> HttpResponse:
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
@court_only
def cause_add(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = CauseForm(request.POST, causes=selectors.causes_for(user))
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cases:rules")
    return _run(
        request,
        lambda: services.cause_create(actor=user, court=own_court(user), **form.cleaned_data),
        _("Cause added."),
        reverse("cases:rules"),
    )
