"""Trial-unit pages: list, edit, create, members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courtops.core.cases import selectors, services
from courtops.core.cases.choices import UnitRole
from courtops.core.cases.forms import MemberForm, UnitCreateForm, UnitForm
from courtops.core.cases.views._common import _form_errors, _run, court_only
from courtops.core.choices import Role
from courtops.core.exceptions import DomainError, NotFound, PermissionRefused
from courtops.core.http import AuthenticatedRequest, own_court
from courtops.core.models import TrialUnitMember
from courtops.core.permissions import is_office_of
from courtops.core.selectors import people_visible_to


@login_required
@require_GET
def unit_list(request: AuthenticatedRequest) -> HttpResponse:
    units = list(selectors.units_visible_to(request.user).order_by("number"))
    for unit in units:
        members = list(selectors.unit_members(unit))
        unit.judge_names = "、".join(  # type: ignore[attr-defined]  # for the template
            m.person.full_name for m in members if m.role == UnitRole.JUDGE
        )
        unit.assistant_names = "、".join(  # type: ignore[attr-defined]
            m.person.full_name for m in members if m.role == UnitRole.ASSISTANT
        )
    return render(
        request,
        "cases/unit_list.html",
        {"units": units, "is_office": is_office_of(request.user), "create_form": UnitCreateForm()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    unit = selectors.units_visible_to(request.user).filter(pk=pk).first()
    if unit is None:
        raise NotFound(_("No such unit."))
    if not is_office_of(request.user):
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
@court_only
def unit_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = UnitCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cases:units")
    return _run(
        request,
        lambda: services.unit_create(
            actor=user,
            court=own_court(user),
            number=form.cleaned_data["number"],
            name=form.cleaned_data["name"],
        ),
        _("Unit created."),
        reverse("cases:units"),
    )


@login_required
@require_POST
@court_only
def unit_member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
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
@court_only
def unit_member_remove(request: AuthenticatedRequest, pk: int, member_id: int) -> HttpResponse:
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
