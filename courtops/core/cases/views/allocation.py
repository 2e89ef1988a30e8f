"""Allocation pages: allocate pending cases, one case, reallocate, recuse."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courtops.core.cases import selectors, services
from courtops.core.cases.forms import ReallocateForm, ReasonForm
from courtops.core.cases.views._common import _form_errors, _run, court_only
from courtops.core.http import AuthenticatedRequest, own_court


@login_required
@require_POST
@court_only
def allocate_pending(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user

    def go():
        done = services.cases_allocate(actor=user, court=own_court(user))
        messages.info(request, _("%(n)s cases allocated.") % {"n": len(done)})

    return _run(request, go, _("Allocation finished."), reverse("cases:list") + "?pending=1")


@login_required
@require_POST
@court_only
def case_allocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return _run(
        request,
        lambda: services.cases_allocate(actor=request.user, court=case.court, case_ids=[case.pk]),
        _("Case allocated."),
        reverse("cases:detail", args=[case.pk]),
    )


@login_required
@require_POST
@court_only
def case_reallocate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
@court_only
def case_recuse(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
