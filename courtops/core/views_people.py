"""People management pages: the office manages its court's people, a vendor supervisor the
staff of its own company. Every action is a service call with a reason, and audited."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from courtops.core.choices import Role
from courtops.core.exceptions import DomainError, PermissionRefused
from courtops.core.http import AuthenticatedRequest
from courtops.core.models import Department
from courtops.core.permissions import can_add_people, can_read_audit_trail
from courtops.core.selectors import people_visible_to
from courtops.core.services.people import (
    person_create,
    person_reset_password,
    person_set_active,
    person_set_otp_required,
    person_unlock,
    temporary_password,
)


def _may_create(user) -> bool:
    return can_add_people(user)


class PersonCreateForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=64)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=50)
    role = forms.ChoiceField(label=gettext_lazy("Role"))
    department = forms.ModelChoiceField(
        label=gettext_lazy("Department"), queryset=Department.objects.none(), required=False
    )
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=30, required=False)
    otp_required = forms.BooleanField(label=gettext_lazy("Second factor required"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.OFFICE:
            self.fields["role"].choices = [(r, Role(r).label) for r in Role.court_roles()]
            self.fields["department"].queryset = Department.objects.for_user(user)
        else:
            self.fields["role"].choices = [(Role.VENDOR_STAFF, Role.VENDOR_STAFF.label)]
            del self.fields["department"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


@login_required
@require_http_methods(["GET", "POST"])
def person_create_view(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not _may_create(user):
        raise PermissionRefused(_("You may not add people."))
    form = PersonCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        temporary = temporary_password()
        try:
            person = person_create(
                actor=user,
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                password=temporary,
                court=user.court if user.role == Role.OFFICE else None,
                company=user.company if user.role == Role.VENDOR_SUPERVISOR else None,
                department=data.get("department"),
                phone=data.get("phone", ""),
                otp_required=data.get("otp_required", False),
                must_change_password=True,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _(
                    "%(name)s was added. Temporary password (shown once, to be changed at first login): %(pw)s"
                )
                % {"name": person.full_name, "pw": temporary},
            )
            return redirect("core:person", pk=person.pk)
    return render(request, "core/person_form.html", {"form": form})


@login_required
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = people_visible_to(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    from courtops.core.models import AuditEvent

    history: Iterable[AuditEvent] = []
    if can_read_audit_trail(request.user):
        history = (
            AuditEvent.objects.for_user(request.user)
            .filter(object_type="core.person", object_id=str(pk))
            .order_by("-at")[:30]
        )
    return render(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "form": ReasonForm(),
            "history": history,
            "can_manage": _may_create(request.user),
        },
    )


ACTIONS = {
    "deactivate": lambda actor, person, reason: person_set_active(
        actor=actor, person=person, active=False, reason=reason
    ),
    "activate": lambda actor, person, reason: person_set_active(
        actor=actor, person=person, active=True, reason=reason
    ),
    "unlock": lambda actor, person, reason: person_unlock(
        actor=actor, person=person, reason=reason
    ),
    "require_otp": lambda actor, person, reason: person_set_otp_required(
        actor=actor, person=person, required=True, reason=reason
    ),
    "waive_otp": lambda actor, person, reason: person_set_otp_required(
        actor=actor, person=person, required=False, reason=reason
    ),
    "reset_password": lambda actor, person, reason: person_reset_password(
        actor=actor, person=person, reason=reason
    ),
}


@login_required
@require_POST
def person_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    person = people_visible_to(request.user).filter(pk=pk).first()
    if person is None or action not in ACTIONS:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("A reason is required."))
        return redirect("core:person", pk=pk)
    result = ACTIONS[action](request.user, person, form.cleaned_data["reason"])
    if action == "reset_password":
        messages.success(
            request,
            _("Temporary password (shown once, to be changed at first login): %(pw)s")
            % {"pw": result},
        )
    else:
        messages.success(request, _("Done."))
    return redirect("core:person", pk=pk)
