"""Ledger import pages: upload, job progress, template."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from courtops.core.cases.forms import ImportForm
from courtops.core.cases.import_jobs import import_job_create
from courtops.core.cases.importer import template_workbook
from courtops.core.exceptions import DomainError, NotFound, PermissionRefused
from courtops.core.http import AuthenticatedRequest, own_court
from courtops.core.models import ImportJob, ImportKind
from courtops.core.permissions import is_office_of


@login_required
@require_http_methods(["GET", "POST"])
def case_import(request: AuthenticatedRequest) -> HttpResponse:
    """Upload a ledger: it is stored and imported in the background; the page of the job shows
    its progress and, if any row fails, every error by row and column."""
    user = request.user
    if not is_office_of(user):
        raise PermissionRefused(_("Only the case-management office may import cases."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = import_job_create(
                actor=user, court=own_court(user), filename=upload.name, content=upload.read()
            )
        except DomainError as exc:
            form.add_error("file" if exc.field == "file" else None, exc.message)
        else:
            return redirect("cases:import-job", pk=job.pk)
    jobs = (
        ImportJob.objects.for_user(user)
        .filter(kind=ImportKind.LEDGER)
        .defer("content", "errors")[:10]
    )
    return render(request, "cases/case_import.html", {"form": form, "jobs": jobs})


@login_required
@require_GET
def import_job_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One import: status and progress (refreshed every 2 s while it runs), then the outcome."""
    if not is_office_of(request.user):
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
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    response = HttpResponse(
        template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''case-ledger-template.xlsx"
    return response
