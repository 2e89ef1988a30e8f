"""Vocabularies of the standards library (the loader refuses anything else)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from courtops.core.cases.choices import Procedure as CaseProcedure


class Performer(models.TextChoices):
    COMPANY_STAFF = "company_staff", _("Company staff")
    JUDGE_ASSISTANT = "judge_assistant", _("Judge assistant")
    JUDGE = "judge", _("Judge")
    OFFICE = "office", _("Case-management office")


class OutputType(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    DATE = "date", _("Date")
    DATETIME = "datetime", _("Date and time")
    NUMBER = "number", _("Number")
    INTEGER = "integer", _("Integer")
    MONEY = "money", _("Amount of money")
    CHOICE = "choice", _("Choice")
    MULTI_CHOICE = "multi_choice", _("Multiple choice")
    BOOLEAN = "boolean", _("Yes / no")
    FILE = "file", _("File")
    TRACKING_NUMBER = "tracking_number", _("Tracking number")
    PAGE_COUNT = "page_count", _("Page count")
    PHONE = "phone", _("Phone number")
    PERSON_NAME = "person_name", _("Person's name")
    ADDRESS = "address", _("Address")
    CASE_NUMBER = "case_number", _("Case number")
    DURATION_MINUTES = "duration_minutes", _("Duration (minutes)")


class StartEvent(models.TextChoices):
    TASK_READY = "task_ready", _("the task became ready")
    CASE_FILED = "case_filed", _("case filed")
    HEARING_DATE = "hearing_date", _("before the hearing date")
    PRONOUNCEMENT = "pronouncement", _("pronouncement")
    DOCUMENT_RECEIVED = "document_received", _("documents received")
    SERVICE_EFFECTIVE = "service_effective", _("service took effect")
    JUDGMENT_EFFECTIVE = "judgment_effective", _("judgment took effect")
    CASE_CLOSED = "case_closed", _("case closed")
    APPLICATION_RECEIVED = "application_received", _("application received")
    APPEAL_RECEIVED = "appeal_received", _("appeal received")
    ANSWER_PERIOD_END = "answer_period_end", _("end of the answer period")
    EXPIRY = "expiry", _("before an expiry date")
    REQUEST_RECEIVED = "request_received", _("request received")
    # a recorded output: ``{event: output, node: S08-040, field: served_on}`` (the date field of
    # the node's latest record in the case)
    OUTPUT = "output", _("a recorded date (output of another step)")


class ServiceArea(models.TextChoices):
    """What kind of service a service item is (the areas the court buys services in)."""

    TRIAL = "trial", _("Trial services")
    ENFORCEMENT = "enforcement", _("Enforcement services")
    SERVICE = "service", _("Service of process")
    STENOGRAPHY = "stenography", _("Stenography")
    ARCHIVES = "archives", _("Archives")
    GUIDANCE = "guidance", _("Litigation guidance")
    HOTLINE = "hotline", _("12368 hotline")
    PRINTING = "printing", _("Printing")
    IT = "it", _("IT support")
    STATISTICS = "statistics", _("Statistics")
    APPRAISAL = "appraisal", _("Appraisal and valuation")
    FINANCE = "finance", _("Finance")
    PUBLICITY = "publicity", _("Publicity")
    SECURITY = "security", _("Security")
    FACILITIES = "facilities", _("Facilities and cleaning")


class NodeKind(models.TextChoices):
    TASK = "task", _("Task (work a performer does)")
    WAIT = "wait", _("Wait (a period a party has)")


class ReviewMode(models.TextChoices):
    ALWAYS = "always", _("Always reviewed")
    SAMPLED = "sampled", _("Sampled")
    SELF = "self", _("Self-accepted")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class PayUnit(models.TextChoices):
    TASK = "task", _("per task")
    PAGE = "page", _("per page")
    PARTY = "party", _("per party")
    HOUR = "hour", _("per hour")
    HEARING = "hearing", _("per hearing")
    DOCUMENT = "document", _("per document")
    ITEM = "item", _("per item")


class ChecklistKind(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass / fail")
    THRESHOLD = "threshold", _("Measured against a threshold")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class VersionSource(models.TextChoices):
    LIBRARY = "library", _("Library file")
    EXCEL = "excel", _("Excel import")
    EDIT = "edit", _("Edited in the office")


class Join(models.TextChoices):
    ANY = "any", _("Any incoming edge")
    ALL = "all", _("All incoming edges (AND-join)")


# The procedures that have a workflow template: every case procedure (one list, in the lower
# layer) except those that follow another procedure's template until the library has their
# own: the appeal against a ruling (second instance), 督促程序 (special procedure) and 执行异议
# (enforcement) — see ``CaseProcedure.workflow_template``.
Procedure = models.TextChoices(  # type: ignore[call-overload]  # functional API with labels
    "Procedure",
    [(p.name, (p.value, p.label)) for p in CaseProcedure if p.workflow_template == p],
)


# What a performer may see (visibility) or need (inputs); everything else is masked.
CASE_FIELDS: dict[str, StrOrPromise] = {
    "case.number": _("Case number"),
    "case.cause": _("Cause of action"),
    "case.procedure": _("Procedure"),
    "case.filing_date": _("Filing date"),
    "case.unit": _("Trial unit"),
    "case.judge": _("Judge"),
    "case.assistant": _("Judge assistant"),
    "case.status": _("Case status"),
    "case.amount": _("Amount in dispute"),
    "party.name": _("Party name"),
    "party.role": _("Party role"),
    "party.address": _("Party address"),
    "party.phone": _("Party phone"),
    "party.id_number": _("Party ID number"),
    "party.agent": _("Party's agent"),
    "documents.list": _("List of documents"),
    "documents.content": _("Content of documents"),
    "hearing.time": _("Hearing time"),
    "hearing.room": _("Courtroom"),
    "service.records": _("Service records"),
    "enforcement.assets": _("Enforcement assets"),
    "archive.location": _("Archive location"),
    "request.content": _("Request content"),
    "caller.phone": _("Caller's phone"),
}

GUARD_OPS = ("eq", "ne", "in", "not_in", "truthy", "falsy")
THRESHOLD_OPS = (">=", "<=", "=")
