"""Pages of the foundation: home per role, login and second factor, password, calendar,
people and audit trail. Views only translate between HTTP and services/selectors."""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import quote

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from courtops.core.choices import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
from courtops.core.exceptions import DomainError, PermissionRefused
from courtops.core.http import AuthenticatedRequest
from courtops.core.permissions import can_list_people
from courtops.core.selectors import audit_events_visible_to, people_visible_to
from courtops.core.services.people import person_change_password
from courtops.core.services.second_factor import totp_enrol, totp_verify

ROLE_HOME_HINTS: dict[str, StrOrPromise] = {
    Role.OFFICE: gettext_lazy(
        "Run the system: the standards library, allocation rules, calendar, contracts and settlement."
    ),
    Role.JUDGE: gettext_lazy(
        "See where each of your cases stands and sign the nodes reserved to judges."
    ),
    Role.ASSISTANT: gettext_lazy("Review and accept the outsourced results for your unit's cases."),
    Role.VENDOR_SUPERVISOR: gettext_lazy(
        "Dispatch your company's work to your staff and answer findings."
    ),
    Role.VENDOR_STAFF: gettext_lazy("Do the node in front of you; you see nothing else."),
    Role.LEADERSHIP: gettext_lazy("Read-only reports and the audit trail."),
}


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    from courtops.core.home import home_panels

    user = request.user
    return render(
        request,
        "core/home.html",
        {
            "role_hint": ROLE_HOME_HINTS.get(user.role, ""),
            "panels": home_panels(user),
            "today": timezone.localdate(),
        },
    )


# --- lockout -----------------------------------------------------------------------------------
def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked (username, address) pair: who can lift the lock, when it
    lifts by itself, and the way back to the login page. It never says whether the username
    exists or whose it is, so it tells both kinds of account what applies to them."""
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


# --- second factor ---------------------------------------------------------------------------
class OTPForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("6-digit code"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: AuthenticatedRequest) -> HttpResponse:
    """Verify a TOTP code; the first time, set up the device (shown as a QR code and key)."""
    user = request.user
    enrolment = totp_enrol(actor=user)
    form = OTPForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_verify(actor=user, token=form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("The code is wrong or has already been used."))
    context = {"form": form, "setup": enrolment.setup, "next": _safe_next(request)}
    if enrolment.setup:
        uri = enrolment.device.config_url
        context["otp_key"] = base64.b32encode(enrolment.device.bin_key).decode()
        context["otp_qr"] = segno.make(uri, error="m").svg_data_uri(scale=4)
        context["otp_uri"] = quote(uri, safe=":/?=&")
    return render(request, "registration/otp_verify.html", context)


# --- password ---------------------------------------------------------------------------
class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=gettext_lazy("Current password"), widget=forms.PasswordInput
    )
    new_password1 = forms.CharField(label=gettext_lazy("New password"), widget=forms.PasswordInput)
    new_password2 = forms.CharField(
        label=gettext_lazy("New password again"), widget=forms.PasswordInput
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password1") != data.get("new_password2"):
            self.add_error("new_password2", _("The two new passwords differ."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthenticatedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person_change_password(
                person=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("home")
    return render(request, "registration/password_change.html", {"form": form})


# --- people and audit ------------------------------------------------------------------------
@login_required
def people_list(request: AuthenticatedRequest) -> HttpResponse:
    if not can_list_people(request.user):
        raise PermissionRefused(_("You may not list people."))
    people = people_visible_to(request.user).order_by("role", "username")
    role = request.GET.get("role")
    if role in Role.values:
        people = people.filter(role=role)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/people_list.html", {"page": page, "roles": Role.choices, "role": role}
    )


@login_required
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    events = audit_events_visible_to(request.user)
    q = request.GET.get("q", "").strip()
    if q:
        events = events.filter(object_repr__icontains=q) | events.filter(actor_name__icontains=q)
    day = request.GET.get("date")
    if day:
        try:
            events = events.filter(at__date=dt.date.fromisoformat(day))
        except ValueError:
            messages.error(request, _("The date must look like 2025-10-08."))
    events = events.order_by("-at", "-id")
    if request.GET.get("format") == "xlsx":
        return _audit_export(request, events)
    from courtops.core.audit_reading import read_events

    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {"page": page, "rows": read_events(page.object_list), "q": q, "date": day or ""},
    )


AUDIT_EXPORT_LIMIT = 50_000


def _audit_export(request: HttpRequest, events) -> HttpResponse:
    """The filtered trail as an Excel workbook (at most 50,000 rows): each event as the page
    reads it, with the raw stored before/after beside it for checking. The export is audited."""
    import json

    from courtops.core.audit_reading import read_events
    from courtops.core.choices import AuditAction
    from courtops.core.excel import workbook_bytes, xlsx_response
    from courtops.core.services.audit import audit_record

    headers = [
        _("When"),
        _("Who"),
        _("Role"),
        _("Action"),
        _("Event"),
        _("Reason"),
        _("IP address"),
        _("Sealed"),
        _("Object type"),
        _("Object id"),
        _("Stored changes"),
    ]

    def rows():
        chunk = 2000  # one lookup query per model per chunk; bounded memory
        selected = events.select_related("seal")[:AUDIT_EXPORT_LIMIT]
        batch: list = []
        for event in selected.iterator(chunk_size=chunk):
            batch.append(event)
            if len(batch) == chunk:
                yield from _export_rows(batch)
                batch = []
        yield from _export_rows(batch)

    def _export_rows(batch):
        for r in read_events(batch):
            e = r.event
            seal = getattr(e, "seal", None) if hasattr(e, "seal") else None
            yield (
                e.at,
                e.actor_name if e.actor_id else r.actor,
                Role(e.actor_role).label if e.actor_role in Role.values else "",
                r.action,
                r.text,
                e.reason,
                e.ip_address or "",
                seal.seq if seal is not None else "",
                e.object_type,
                e.object_id,
                json.dumps(e.changes, ensure_ascii=False, sort_keys=True, default=str),
            )

    content = workbook_bytes([(str(_("Audit trail")), headers, rows())])
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="core.auditevent",
        object_repr=str(_("Audit trail export")),
        changes={"filter": request.GET.urlencode()},
    )
    return xlsx_response(content, f"审计日志-{timezone.localdate():%Y%m%d}.xlsx")


# --- API root ---------------------------------------------------------------------------
def api_root(request: HttpRequest) -> HttpResponse:
    """``/api/``: a program asking for JSON gets the list of API sections; a person in a
    browser is sent to the API documentation."""
    from django.http import JsonResponse
    from django.urls import reverse

    from courtops.core.registries import api_sections

    if "application/json" not in request.headers.get("Accept", ""):
        return redirect("api-docs")
    sections = {"docs": reverse("api-docs"), "schema": reverse("api-schema"), **api_sections()}
    return JsonResponse({k: request.build_absolute_uri(v) for k, v in sections.items()})
