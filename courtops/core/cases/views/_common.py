"""Helpers shared by the case-register pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from courtops.core.cases import selectors
from courtops.core.exceptions import DomainError, NotFound, PermissionRefused


def court_only(view):
    """For actions on a court's own register (rules, units, causes, allocation): a person
    without a court (a company's staff) is refused with 403 before the view runs."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if user.court_id is None and not (user.is_superuser and user.company_id is None):
            raise PermissionRefused(_("Only a court's own staff may do this."))
        return view(request, *args, **kwargs)

    return wrapper


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


def _case_form_action(
    request, pk: int, form_class, call, success: str, *, target: str | None = None, **form_kwargs
) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    form = form_class(request.POST, **form_kwargs)
    target = target or reverse("cases:detail", args=[case.pk])
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(target)
    return _run(request, lambda: call(case, form.cleaned_data), success, target)
