"""Case status steps: procedure change, close, start trial, archive."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courtops.core.cases import selectors, services
from courtops.core.cases.forms import CloseForm, ProcedureChangeForm
from courtops.core.cases.views._common import _case_form_action, _run
from courtops.core.http import AuthenticatedRequest


@login_required
@require_POST
def procedure_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_form_action(
        request,
        pk,
        ProcedureChangeForm,
        lambda case, d: services.case_change_procedure(actor=request.user, case_id=case.pk, **d),
        _("Procedure changed."),
    )


@login_required
@require_POST
def case_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_form_action(
        request,
        pk,
        CloseForm,
        lambda case, d: services.case_close(actor=request.user, case_id=case.pk, **d),
        _("Case closed."),
        procedure=selectors.case_get(request.user, pk).procedure,
    )


@login_required
@require_POST
def case_start_trial(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return _run(
        request,
        lambda: services.case_start_trial(actor=request.user, case_id=case.pk),
        _("The case is in trial."),
        reverse("cases:detail", args=[case.pk]),
    )


@login_required
@require_POST
def case_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    return _run(
        request,
        lambda: services.case_archive(actor=request.user, case_id=case.pk),
        _("The case is archived."),
        reverse("cases:detail", args=[case.pk]),
    )
