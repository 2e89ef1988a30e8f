"""Reads of the case register, all scoped to what the person may see.

Scope is decided by the querysets (``Case.objects.for_user``, see
``courtops.core.models.case_scoping``): the office and leadership see every case of their court;
a judge or assistant the cases of their unit(s) and the cases they handle. Company users see no
cases yet: later issues grant them the node in front of them, never the register.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.cases.choices import CaseStatus, ExtensionStatus, RuleSetStatus
from courtops.core.cases.timelimits import TimeLimit, compute
from courtops.core.choices import Role
from courtops.core.exceptions import NotFound, ValidationFailed
from courtops.core.models import (
    AllocationRuleSet,
    Case,
    CaseCause,
    Party,
    TimeLimitExtension,
    TrialUnit,
    TrialUnitMember,
)
from courtops.core.services.calendar import WorkingCalendar, calendar_for

# The filters ``case_list`` understands; the page and the API read exactly these.
CASE_FILTERS = (
    "q",
    "cause",
    "procedure",
    "status",
    "complexity",
    "unit",
    "judge",
    "filed_from",
    "filed_to",
    "expiring",
    "overdue",
    "open",
    "pending",
    "scope",
)

# ``scope``: a judge's or assistant's list shows his own cases unless he asks for the unit's.
SCOPE_MINE, SCOPE_UNIT = "mine", "unit"


MAX_ID = 2**63 - 1
MAX_EXPIRING_DAYS = 3660


def _bad(param: str, value: object, expected: str) -> ValidationFailed:
    return ValidationFailed(
        _("Parameter %(param)s: %(value)s is not %(expected)s.")
        % {"param": param, "value": str(value)[:40], "expected": expected},
        field=param,
    )


def clean_case_filters(filters: dict) -> dict:
    """The filters with ids, day counts and dates checked: a malformed value is a 400 that
    names the parameter, never a database error."""
    f = dict(filters)
    for key in ("cause", "unit", "judge"):
        if f.get(key) not in (None, ""):
            text = str(f[key]).strip()
            if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
                raise _bad(key, f[key], _("an id (a whole number)"))
            f[key] = int(text)
    if f.get("expiring") not in (None, ""):
        text = str(f["expiring"]).strip()
        if not text.isascii() or not text.isdigit() or int(text) > MAX_EXPIRING_DAYS:
            raise _bad(
                "expiring",
                f["expiring"],
                _("a number of days from 0 to %(n)s") % {"n": MAX_EXPIRING_DAYS},
            )
        f["expiring"] = int(text)
    for key in ("filed_from", "filed_to"):
        if f.get(key) not in (None, "") and not isinstance(f[key], dt.date):
            try:
                f[key] = dt.date.fromisoformat(str(f[key]).strip())
            except ValueError:
                raise _bad(key, f[key], _("a date (YYYY-MM-DD)")) from None
    if f.get("q") and "\x00" in str(f["q"]):
        raise _bad("q", repr(f["q"]), _("text without control characters"))
    return f


def case_list_defaults(user) -> dict[str, str]:
    """The filters a bare case list starts from: a judge or assistant sees his own cases by
    default (his unit is one click away, ``scope=unit``); everyone else the whole scope."""
    if user is not None and user.is_authenticated and user.role in (Role.JUDGE, Role.ASSISTANT):
        return {"scope": SCOPE_MINE}
    return {}


def search_terms(text: str) -> Q:
    """``q`` of the case list: every word must match a fragment of the 案号 or a party's name
    (``2026 民初 123`` or ``张三 民初``). Half-width brackets are read as the full-width ones case
    numbers use. Names are matched in the database; the list shows no party data, so nothing is
    unmasked by a search."""
    condition = Q()
    for word in text.replace("(", "（").replace(")", "）").split()[:8]:
        party = Party.objects.filter(case=OuterRef("pk"), name__icontains=word)
        condition &= Q(case_number__icontains=word) | Q(Exists(party))
    return condition


def case_list(user, *, filters: dict | None = None) -> QuerySet[Case]:
    """Cases the user may see, filtered: cause (with sub-causes), procedure, unit, judge,
    status, filing period (filed_from/filed_to), ``open`` (filed or in trial), ``expiring``
    (open, the limit ends today or within N days), ``overdue`` (open, the limit has passed),
    ``pending`` (not allocated yet) and ``scope=mine`` (cases the user is judge or assistant
    of). Home-page numbers are counts of this function (``named_filters``)."""
    f = clean_case_filters(filters or {})
    qs = Case.objects.for_user(user).select_related("cause", "trial_unit", "judge", "assistant")
    today = timezone.localdate()
    if f.get("scope") == SCOPE_MINE:
        qs = qs.filter(Q(judge=user) | Q(assistant=user))
    if f.get("open"):
        qs = qs.filter(status__in=CaseStatus.open_values())
    if f.get("q"):
        qs = qs.filter(search_terms(f["q"]))
    if f.get("cause"):
        cause = CaseCause.objects.for_user(user).filter(pk=f["cause"]).first()
        qs = qs.filter(cause__path__startswith=cause.path) if cause else qs.none()
    for key in ("procedure", "status", "complexity"):
        if f.get(key):
            qs = qs.filter(**{key: f[key]})
    if f.get("unit"):
        qs = qs.filter(trial_unit_id=f["unit"])
    if f.get("judge"):
        qs = qs.filter(judge_id=f["judge"])
    if f.get("filed_from"):
        qs = qs.filter(filing_date__gte=f["filed_from"])
    if f.get("filed_to"):
        qs = qs.filter(filing_date__lte=f["filed_to"])
    if f.get("pending"):
        qs = qs.filter(trial_unit__isnull=True, status__in=CaseStatus.open_values())
    if f.get("overdue"):
        qs = qs.filter(status__in=CaseStatus.open_values(), time_limit_end__lt=today).order_by(
            "time_limit_end"
        )
    if f.get("expiring") not in (None, ""):
        days = int(f["expiring"])
        qs = qs.filter(
            status__in=CaseStatus.open_values(),
            time_limit_end__gte=today,
            time_limit_end__lte=today + dt.timedelta(days=days),
        ).order_by("time_limit_end")
    return qs


def case_get(user, case_id: int) -> Case:
    case = (
        Case.objects.for_user(user)
        .select_related("cause", "trial_unit", "judge", "assistant", "allocation_rule_set")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound(_("No such case."))
    return case


def case_time_limit(
    case: Case, *, today: dt.date | None = None, calendar: WorkingCalendar | None = None
) -> TimeLimit:
    """The exact time limit (审限), recomputed from the recorded events. The ONE computation:
    the case page, the API, the services that store ``time_limit_end`` (register, import,
    extension, exclusion, procedure change) and the nightly refresh all call it. Pass the
    ``calendar`` to reuse its loaded years in bulk work; a case not saved yet has no events."""
    saved = case.pk is not None
    return compute(
        procedure=case.procedure,
        filing_date=case.filing_date,
        extensions=list(case.extensions.all()) if saved else [],
        exclusions=list(case.exclusions.all()) if saved else [],
        closing_date=case.closing_date,
        today=today or timezone.localdate(),
        calendar=calendar or calendar_for(case.court_id),
    )


def units_visible_to(user) -> QuerySet[TrialUnit]:
    return (
        TrialUnit.objects.for_user(user)  # type: ignore[return-value]  # scoped queryset not generic
        .prefetch_related("causes")
        .annotate(open_cases=Count("cases", filter=Q(cases__status__in=CaseStatus.open_values())))
    )


def unit_members(unit: TrialUnit) -> QuerySet[TrialUnitMember]:
    return unit.members.filter(is_active=True).select_related("person")


def rule_sets_visible_to(user) -> QuerySet[AllocationRuleSet]:
    if user is None or not user.is_authenticated or user.role not in (Role.OFFICE, Role.LEADERSHIP):
        return AllocationRuleSet.objects.none()
    return AllocationRuleSet.objects.for_user(user)


def rule_set_current(user, status: str = RuleSetStatus.ACTIVE) -> AllocationRuleSet | None:
    return rule_sets_visible_to(user).filter(status=status).first()


def causes_for(user) -> QuerySet[CaseCause]:
    return CaseCause.objects.for_user(user).filter(is_active=True)


def pending_extensions(user) -> QuerySet[TimeLimitExtension]:
    """Extension requests of the user's court awaiting a decision, oldest first, with their
    cases (the office and leadership see every case of their court)."""
    return (
        TimeLimitExtension.objects.for_user(user)
        .filter(status=ExtensionStatus.REQUESTED, case__in=Case.objects.for_user(user))
        .select_related("case", "case__cause", "case__trial_unit", "case__judge")
        .order_by("requested_on", "pk")
    )
