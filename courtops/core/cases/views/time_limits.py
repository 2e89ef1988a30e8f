"""审限 pages: extension requests and decisions, excluded periods."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courtops.core.cases import selectors, services
from courtops.core.cases.forms import (
    ExclusionEndForm,
    ExclusionForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
)
from courtops.core.cases.views._common import _case_form_action
from courtops.core.exceptions import NotFound
from courtops.core.http import AuthenticatedRequest
from courtops.core.models import TimeLimitExclusion, TimeLimitExtension
from courtops.core.permissions import can_see_extension_queue, is_president_of, require


@login_required
@require_POST
def extension_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_form_action(
        request,
        pk,
        ExtensionRequestForm,
        lambda case, d: services.extension_request(actor=request.user, case_id=case.pk, **d),
        _("Extension requested."),
    )


@login_required
@require_POST
def extension_decide(request: AuthenticatedRequest, pk: int, ext_id: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    if not TimeLimitExtension.objects.for_user(request.user).filter(pk=ext_id, case=case).exists():
        raise NotFound(_("No such extension request."))
    return _case_form_action(
        request,
        pk,
        ExtensionDecideForm,
        lambda case, d: services.extension_decide(actor=request.user, extension_id=ext_id, **d),
        _("Decision recorded."),
        target=reverse("cases:extension-queue") if request.POST.get("from") == "queue" else None,
    )


@login_required
@require_POST
def exclusion_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _case_form_action(
        request,
        pk,
        ExclusionForm,
        lambda case, d: services.exclusion_add(actor=request.user, case_id=case.pk, **d),
        _("Excluded period recorded."),
    )


@login_required
@require_POST
def exclusion_end(request: AuthenticatedRequest, pk: int, exclusion_id: int) -> HttpResponse:
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
@require_GET
def extension_queue(request: AuthenticatedRequest) -> HttpResponse:
    """Pending 审限 extension requests of the court, oldest first: the office watches the queue,
    the president (院领导) decides each one here as himself."""
    user = request.user
    require(
        can_see_extension_queue(user),
        _("Only the office and the court's leadership see the extension requests."),
    )
    pending = selectors.pending_extensions(user)
    return render(
        request,
        "cases/extension_queue.html",
        {
            "pending": pending,
            "decides_as_president": user.court_id is not None
            and is_president_of(user, user.court_id),
            "decide_form": ExtensionDecideForm(),
        },
    )
