"""Every write of the case register: causes, units and members, cases and parties, allocation
rules, allocation (分案 / 改分 / 回避), time-limit events and case status. Each service runs in
one transaction and writes its audit event in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courtops.core.cases import casenumber
from courtops.core.cases.allocation import Allocator, Why
from courtops.core.cases.choices import (
    AllocationKind,
    CaseSource,
    CaseStatus,
    ClosingManner,
    Complexity,
    ExclusionKind,
    ExtensionStatus,
    PartyKind,
    PartyRole,
    PeriodUnit,
    Procedure,
    RuleComplexity,
    RuleSetStatus,
    TieBreak,
    UnitRole,
)
from courtops.core.cases.masking import UNMASKED, present
from courtops.core.cases.selectors import case_time_limit
from courtops.core.cases.timelimits import EXTENSION_NOTICE_DAYS, compute, extension_cap_left
from courtops.core.choices import AuditAction, Role
from courtops.core.exceptions import Conflict, NotFound, PermissionRefused, ValidationFailed
from courtops.core.models import (
    AllocationRule,
    AllocationRuleSet,
    Case,
    CaseAllocation,
    CaseCause,
    Court,
    Party,
    Person,
    ProcedureChange,
    TimeLimitExclusion,
    TimeLimitExtension,
    TrialUnit,
    TrialUnitMember,
)
from courtops.core.services.audit import audit_record, snapshot
from courtops.core.services.calendar import calendar_for
from courtops.core.services.people import require_office

SIMPLE_PROCEDURES = {
    Procedure.SIMPLE,
    Procedure.SMALL_CLAIMS,
    Procedure.SPECIAL,
    Procedure.CRIMINAL_SIMPLE,
    Procedure.CRIMINAL_FAST_TRACK,
    Procedure.ADMIN_SIMPLE,
    Procedure.PRESERVATION,
}


# --- permissions ----------------------------------------------------------------------------
def _is_platform_admin(actor) -> bool:
    return actor is not None and actor.is_superuser and actor.court_id is None


def require_case_writer(actor, court_id: int) -> None:
    """Office staff of the court, or the court's service account (the case system)."""
    if actor is None or _is_platform_admin(actor):
        return
    if actor.court_id == court_id and (actor.role == Role.OFFICE or actor.is_service_account):
        return
    raise PermissionRefused(_("Only the case-management office of this court may do this."))


def require_case_handler(actor, case: Case) -> None:
    """The office, or the judge/assistant of the case or a member of its unit."""
    if actor is None or _is_platform_admin(actor):
        return
    if actor.court_id != case.court_id:
        raise NotFound(_("No such case."))
    if actor.role == Role.OFFICE:
        return
    if actor.role in (Role.JUDGE, Role.ASSISTANT) and (
        actor.pk in (case.judge_id, case.assistant_id)
        or TrialUnitMember.objects.filter(
            unit_id=case.trial_unit_id, person=actor, is_active=True
        ).exists()
    ):
        return
    raise PermissionRefused(_("Only the office or the case's trial unit may do this."))


def can_reveal_personal_data(actor, case: Case) -> bool:
    """Unmasking needs the permission core.reveal_personal_data, which the office has by role;
    a judge or assistant has it for the cases of their own unit."""
    if actor is None or not actor.is_authenticated or actor.court_id != case.court_id:
        return _is_platform_admin(actor) if actor is not None else False
    if actor.has_perm("core.reveal_personal_data") or actor.role == Role.OFFICE:
        return True
    if actor.role in (Role.JUDGE, Role.ASSISTANT):
        try:
            require_case_handler(actor, case)
        except (PermissionRefused, NotFound):
            return False
        return True
    return False


def _case_for_update(case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise NotFound(_("No such case."))
    return case


# --- causes ---------------------------------------------------------------------------------
def cause_create(*, actor, court: Court, name: str, parent: CaseCause | None = None) -> CaseCause:
    """Add a court's own cause of action under ``parent`` (a national or own cause)."""
    require_office(actor, court.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("A cause needs a name."), field="name")
    if parent is not None and parent.court_id not in (None, court.pk):
        raise NotFound(_("No such parent cause."))
    with transaction.atomic():
        if CaseCause.objects.filter(court=court, parent=parent, name=name).exists() or (
            CaseCause.objects.filter(court=None, parent=parent, name=name).exists()
        ):
            raise Conflict(_("The cause %(name)s already exists there.") % {"name": name})
        siblings = CaseCause.objects.filter(parent=parent).count()
        prefix = parent.path if parent else ""
        cause = CaseCause.objects.create(
            court=court,
            parent=parent,
            name=name,
            level=(parent.level + 1) if parent else 0,
            path=f"{prefix}{900 + siblings:03d}.",
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=cause, changes={"name": [None, name]}
        )
    return cause


# --- trial units ----------------------------------------------------------------------------
def _check_cause_cap(unit_name: str, causes: list[CaseCause]) -> None:
    if len(causes) > TrialUnit.MAX_CAUSES:
        raise ValidationFailed(
            _("A trial unit handles at most %(max)s causes; %(unit)s would have %(n)s.")
            % {"max": TrialUnit.MAX_CAUSES, "unit": unit_name, "n": len(causes)},
            field="causes",
        )


def unit_create(
    *,
    actor,
    court: Court,
    number: int,
    name: str = "",
    causes: Iterable[CaseCause] = (),
    handles_simple: bool = True,
    handles_complex: bool = True,
) -> TrialUnit:
    """Create a trial unit (审判单元) with its causes (at most 10)."""
    require_office(actor, court.pk)
    causes = list(causes)
    name = name or _("Unit %(n)s") % {"n": number}
    _check_cause_cap(name, causes)
    with transaction.atomic():
        if TrialUnit.objects.filter(court=court, number=number).exists():
            raise Conflict(_("Unit number %(n)s is taken.") % {"n": number})
        unit = TrialUnit.objects.create(
            court=court,
            number=number,
            name=name,
            handles_simple=handles_simple,
            handles_complex=handles_complex,
        )
        unit.causes.set(causes)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=unit,
            changes={"name": [None, name], "causes": [None, [c.pk for c in causes]]},
        )
    return unit


def unit_update(
    *,
    actor,
    unit: TrialUnit,
    name: str | None = None,
    causes: Iterable[CaseCause] | None = None,
    handles_simple: bool | None = None,
    handles_complex: bool | None = None,
    is_active: bool | None = None,
    reason: str = "",
) -> TrialUnit:
    """Change a unit's name, causes (≤10), simple/complex capability or active flag."""
    require_office(actor, unit.court_id)
    with transaction.atomic():
        unit = TrialUnit.objects.select_for_update().get(pk=unit.pk)
        before = snapshot(unit, ["name", "handles_simple", "handles_complex", "is_active"])
        before["causes"] = sorted(unit.causes.values_list("pk", flat=True))
        for attr, value in (
            ("name", name),
            ("handles_simple", handles_simple),
            ("handles_complex", handles_complex),
            ("is_active", is_active),
        ):
            if value is not None:
                setattr(unit, attr, value)
        unit.save()
        if causes is not None:
            causes = list(causes)
            _check_cause_cap(unit.name, causes)
            if any(c.court_id not in (None, unit.court_id) for c in causes):
                raise NotFound(_("No such cause."))
            unit.causes.set(causes)
        after = snapshot(unit, ["name", "handles_simple", "handles_complex", "is_active"])
        after["causes"] = sorted(unit.causes.values_list("pk", flat=True))
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        if changes:
            audit_record(
                actor=actor, action=AuditAction.UPDATE, obj=unit, changes=changes, reason=reason
            )
    return unit


def unit_add_member(*, actor, unit: TrialUnit, person: Person, role: str) -> TrialUnitMember:
    """Put a judge or assistant of the court into a unit (one active unit per person)."""
    require_office(actor, unit.court_id)
    expected = {UnitRole.JUDGE: Role.JUDGE, UnitRole.ASSISTANT: Role.ASSISTANT}.get(role)
    if expected is None:
        raise ValidationFailed(_("Unknown unit role."), field="role")
    if person.court_id != unit.court_id or person.role != expected:
        raise ValidationFailed(
            _("%(person)s is not a %(role)s of this court.")
            % {"person": person.full_name, "role": UnitRole(role).label},
            field="person",
        )
    with transaction.atomic():
        other = (
            TrialUnitMember.objects.filter(person=person, is_active=True)
            .select_related("unit")
            .first()
        )
        if other is not None:
            if other.unit_id == unit.pk:
                return other
            raise Conflict(
                _("%(person)s is already a member of %(unit)s.")
                % {"person": person.full_name, "unit": other.unit.name}
            )
        member = TrialUnitMember.objects.create(unit=unit, person=person, role=role)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=member,
            court_id=unit.court_id,
            changes={"unit": [None, unit.pk], "person": [None, person.pk], "role": [None, role]},
        )
    return member


def unit_remove_member(*, actor, member: TrialUnitMember, reason: str = "") -> TrialUnitMember:
    require_office(actor, member.unit.court_id)
    with transaction.atomic():
        member.is_active = False
        member.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=member,
            court_id=member.unit.court_id,
            changes={"is_active": [True, False]},
            reason=reason,
        )
    return member


# --- cases ----------------------------------------------------------------------------------
def _refresh_limit(case: Case, *, calendar=None, today: dt.date | None = None) -> None:
    limit = compute(
        procedure=case.procedure,
        filing_date=case.filing_date,
        extensions=case.extensions.all() if case.pk else (),
        exclusions=case.exclusions.all() if case.pk else (),
        closing_date=case.closing_date,
        today=today or timezone.localdate(),
        calendar=calendar or calendar_for(case.court_id),
    )
    case.time_limit_end = limit.end


def _as_date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))
    except ValueError as exc:
        raise ValidationFailed(
            _("%(value)s is not a date (YYYY-MM-DD).") % {"value": value}, field=field
        ) from exc


def build_case(
    *,
    court: Court,
    data: dict[str, Any],
    causes_by_name: dict[str, CaseCause] | None = None,
    causes_by_id: dict[int, CaseCause] | None = None,
) -> tuple[Case, list[Party], list[tuple[str, str]]]:
    """Validate one case's input without saving: (case, parties, [(field, error)]). Shared by
    the form, the API and the ledger import, so all three apply the same rules."""
    errors: list[tuple[str, str]] = []
    number = None
    try:
        number = casenumber.parse(data.get("case_number", ""))
        if number.court_code != court.code:
            errors.append(
                (
                    "case_number",
                    _("Court code %(code)s is not this court's (%(own)s).")
                    % {"code": number.court_code, "own": court.code},
                )
            )
    except ValidationFailed as exc:
        errors.append(("case_number", exc.message))
    cause = data.get("cause")
    if not isinstance(cause, CaseCause):
        key = cause
        cause = None
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            cause = (causes_by_id or {}).get(int(key))
            if cause is None and causes_by_id is None:
                cause = CaseCause.objects.for_court(court.pk).filter(pk=int(key)).first()
        elif key:
            cause = (causes_by_name or {}).get(str(key).strip())
            if cause is None and causes_by_name is None:
                from courtops.core.cases.causes import cause_index

                cause = cause_index(
                    CaseCause.objects.for_court(court.pk).filter(name=str(key).strip())
                ).get(str(key).strip())
        if cause is None:
            errors.append(("cause", _("Cause %(c)s is not in the catalogue.") % {"c": key or ""}))
    procedure = data.get("procedure") or (number.procedure if number else "")
    if procedure not in _PROCEDURES:
        errors.append(("procedure", _("Procedure %(p)s is unknown.") % {"p": procedure}))
    complexity = data.get("complexity") or (
        Complexity.SIMPLE if procedure in SIMPLE_PROCEDURES else Complexity.COMPLEX
    )
    if complexity not in _COMPLEXITIES:
        errors.append(("complexity", _("Complexity %(c)s is unknown.") % {"c": complexity}))
    filing_date = None
    try:
        filing_date = _as_date(data.get("filing_date"), "filing_date")
        if filing_date > timezone.localdate():
            errors.append(("filing_date", _("The filing date is in the future.")))
        elif number and filing_date.year != number.year and not number.legacy:
            errors.append(
                (
                    "filing_date",
                    _("The filing date %(d)s is not in the case number's year %(y)s.")
                    % {"d": filing_date, "y": number.year},
                )
            )
    except ValidationFailed as exc:
        errors.append(("filing_date", exc.message))
    parties: list[Party] = []
    for i, p in enumerate(data.get("parties") or []):
        role, kind = p.get("role"), p.get("kind") or PartyKind.PERSON
        name = (p.get("name") or "").strip()
        if role not in _PARTY_ROLES:
            errors.append((f"parties[{i}].role", _("Party role %(r)s is unknown.") % {"r": role}))
        if kind not in _PARTY_KINDS:
            errors.append((f"parties[{i}].kind", _("Party kind %(k)s is unknown.") % {"k": kind}))
        if not name:
            errors.append((f"parties[{i}].name", _("A party needs a name.")))
        id_number = (p.get("id_number") or "").strip().upper()
        if kind == PartyKind.PERSON and id_number and not _valid_id_number(id_number):
            errors.append(
                (
                    f"parties[{i}].id_number",
                    _("%(v)s is not a valid ID card number.") % {"v": id_number},
                )
            )
        parties.append(
            Party(
                court=court,
                role=role,
                kind=kind,
                name=name,
                id_number=id_number,
                phone=(p.get("phone") or "").strip(),
                address=(p.get("address") or "").strip(),
                position=i,
            )
        )
    case = Case(
        court=court,
        case_number=str(number) if number else str(data.get("case_number", "")),
        year=number.year if number else 0,
        type_code=number.type_code if number else "",
        serial=number.serial if number else 0,
        cause=cause if isinstance(cause, CaseCause) else None,
        procedure=procedure,
        complexity=complexity,
        filing_date=filing_date,
        source=data.get("source") or CaseSource.MANUAL,
    )
    return case, parties, errors


_PROCEDURES = frozenset(Procedure.values)
_COMPLEXITIES = frozenset(Complexity.values)
_PARTY_ROLES = frozenset(PartyRole.values)
_PARTY_KINDS = frozenset(PartyKind.values)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _valid_id_number(value: str) -> bool:
    """An 18-digit resident ID with a correct check digit (GB 11643), or a 15-digit old one."""
    if len(value) == 15:
        return value.isdigit()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    check = "10X98765432"[
        sum(int(c) * w for c, w in zip(value[:17], _ID_WEIGHTS, strict=True)) % 11
    ]
    return value[17] == check


def case_register(*, actor, court: Court, data: dict[str, Any], allocate: bool = False) -> Case:
    """Register one case with its parties (状态: filed). ``data``: case_number, cause (object,
    id or name), procedure (default from the type code), complexity, filing_date, parties."""
    require_case_writer(actor, court.pk)
    case, parties, errors = build_case(court=court, data=data)
    if errors:
        raise ValidationFailed(
            "; ".join(msg for _f, msg in errors), field=errors[0][0], errors=[m for _f, m in errors]
        )
    with transaction.atomic():
        if Case.objects.filter(court=court, case_number=case.case_number).exists():
            raise Conflict(
                _("Case %(n)s is already registered.") % {"n": case.case_number},
                field="case_number",
            )
        _refresh_limit(case)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as exc:
            raise Conflict(
                _("Case %(n)s is already registered.") % {"n": case.case_number},
                field="case_number",
            ) from exc
        for p in parties:
            p.case = case
        Party.objects.bulk_create(parties)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=case,
            changes={"case_number": [None, case.case_number], "source": [None, case.source]},
        )
        if allocate:
            cases_allocate(actor=actor, court=court, case_ids=[case.pk])
            case.refresh_from_db()
    return case


def cases_register_batch(
    *,
    actor,
    court: Court,
    rows: list[dict[str, Any]],
    source: str = CaseSource.API,
    label: str = "",
) -> dict[str, Any]:
    """Register many cases at once: all or nothing. A number already in the register is
    skipped (so a repeated push or import changes nothing); a number twice in the batch is an
    error. Returns {"created": [...numbers], "existing": [...numbers]} or raises
    ValidationFailed whose ``errors`` are {"row", "field", "message"} dicts."""
    from courtops.core.cases.causes import cause_index

    require_case_writer(actor, court.pk)
    causes = list(CaseCause.objects.for_court(court.pk).filter(is_active=True))
    by_name = cause_index(causes)
    by_id = {c.pk: c for c in causes}
    errors: list[dict] = []
    built: list[tuple[int, Case, list[Party]]] = []
    seen: dict[str, int] = {}
    for index, data in enumerate(rows):
        row_no = data.get("_row", index + 1)
        data = {**data, "source": source}
        case, parties, row_errors = build_case(
            court=court, data=data, causes_by_name=by_name, causes_by_id=by_id
        )
        for field, message in row_errors:
            errors.append(
                {
                    "row": row_no,
                    "field": data.get("_columns", {}).get(field, field),
                    "message": message,
                }
            )
        if not row_errors:
            if case.case_number in seen:
                errors.append(
                    {
                        "row": row_no,
                        "field": data.get("_columns", {}).get("case_number", "case_number"),
                        "message": _("Case %(n)s also appears in row %(r)s.")
                        % {"n": case.case_number, "r": seen[case.case_number]},
                    }
                )
            seen[case.case_number] = row_no
            built.append((row_no, case, parties))
    if errors:
        raise ValidationFailed(
            _("%(n)s problems found; nothing was registered.") % {"n": len(errors)},
            errors=errors,
        )
    calendar = calendar_for(court)
    today = timezone.localdate()
    with transaction.atomic():
        existing = set(
            Case.objects.filter(court=court, case_number__in=list(seen)).values_list(
                "case_number", flat=True
            )
        )
        new = [(c, ps) for _r, c, ps in built if c.case_number not in existing]
        for case, _ps in new:
            _refresh_limit_new(case, calendar, today)
        Case.objects.bulk_create([c for c, _ps in new], batch_size=1000)
        if not all(c.pk for c, _ps in new):  # backends without RETURNING ids
            ids = dict(
                Case.objects.filter(
                    court=court, case_number__in=[c.case_number for c, _ps in new]
                ).values_list("case_number", "pk")
            )
            for case, _ps in new:
                case.pk = case.id = ids[case.case_number]
        party_rows = []
        for case, ps in new:
            for p in ps:
                p.case_id = case.pk
                party_rows.append(p)
        Party.objects.bulk_create(party_rows, batch_size=2000)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            obj=court,
            court_id=court.pk,
            object_type="core.case",
            changes={"created": len(new), "existing": len(existing), "source": source},
            reason=label,
        )
    return {"created": [c.case_number for c, _ps in new], "existing": sorted(existing)}


def _refresh_limit_new(case: Case, calendar, today: dt.date) -> None:
    case.time_limit_end = compute(
        procedure=case.procedure, filing_date=case.filing_date, today=today, calendar=calendar
    ).end


def _case_step(*, actor, case_id: int, source: str, target: str, refusal: str) -> Case:
    """Move a case from ``source`` to ``target`` status (locked, checked, audited)."""
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_handler(actor, case)
        if case.status != source:
            raise Conflict(refusal)
        case.status = target
        case.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=case,
            changes={"status": [source, target]},
        )
    return case


def case_start_trial(*, actor, case_id: int) -> Case:
    """filed → in trial."""
    return _case_step(
        actor=actor,
        case_id=case_id,
        source=CaseStatus.FILED,
        target=CaseStatus.IN_TRIAL,
        refusal=_("Only a filed case can go to trial."),
    )


def case_close(*, actor, case_id: int, manner: str, closing_date: dt.date) -> Case:
    """filed / in trial → closed, with the closing manner and date (2000审限规定 Art. 10)."""
    if manner not in ClosingManner.values:
        raise ValidationFailed(
            _("Closing manner %(m)s is unknown.") % {"m": manner}, field="manner"
        )
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_handler(actor, case)
        if not case.is_open:
            raise Conflict(_("The case is already closed."))
        if closing_date < case.filing_date or closing_date > timezone.localdate():
            raise ValidationFailed(
                _("The closing date must lie between the filing date and today."),
                field="closing_date",
            )
        old = case.status
        case.status, case.closing_manner, case.closing_date = (
            CaseStatus.CLOSED,
            manner,
            closing_date,
        )
        _refresh_limit(case)
        case.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=case,
            changes={"status": [old, case.status], "closing_manner": [None, manner]},
        )
    return case


def case_archive(*, actor, case_id: int) -> Case:
    """closed → archived."""
    return _case_step(
        actor=actor,
        case_id=case_id,
        source=CaseStatus.CLOSED,
        target=CaseStatus.ARCHIVED,
        refusal=_("Only a closed case can be archived."),
    )


def party_reveal(*, actor, party_id: int, reason: str = "") -> dict[str, str]:
    """The unmasked personal data of one party, for a person allowed to see it. Every call
    writes a VIEW_PERSONAL_DATA audit event (naming the fields, never their values)."""
    party = Party.objects.select_related("case").filter(pk=party_id).first()
    if (
        party is None
        or actor is None
        or (actor.court_id != party.court_id and not _is_platform_admin(actor))
    ):
        raise NotFound(_("No such party."))
    if not can_reveal_personal_data(actor, party.case):
        raise PermissionRefused(_("You may not see unmasked personal data of this case."))
    shown = present(party, UNMASKED)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW_PERSONAL_DATA,
            obj=party,
            changes={"fields": sorted(k for k, v in shown.items() if v), "case": party.case_id},
            reason=reason,
        )
    return shown


# --- allocation rules -----------------------------------------------------------------------
def ruleset_active(court: Court | int) -> AllocationRuleSet | None:
    court_id = court.pk if isinstance(court, Court) else court
    return AllocationRuleSet.objects.filter(court_id=court_id, status=RuleSetStatus.ACTIVE).first()


def ruleset_draft(*, actor, court: Court) -> AllocationRuleSet:
    """The court's draft rule set, created as a copy of the active one if there is none."""
    require_office(actor, court.pk)
    with transaction.atomic():
        draft = AllocationRuleSet.objects.filter(court=court, status=RuleSetStatus.DRAFT).first()
        if draft is not None:
            return draft
        active = ruleset_active(court)
        version = (
            AllocationRuleSet.objects.filter(court=court).aggregate(m=Max("version"))["m"] or 0
        ) + 1
        draft = AllocationRuleSet.objects.create(
            court=court,
            version=version,
            status=RuleSetStatus.DRAFT,
            procedure_weights=dict(active.procedure_weights) if active else {},
            cause_weights=dict(active.cause_weights) if active else {},
            tie_break=active.tie_break if active else TieBreak.FEWEST_CASES,
            created_by=actor,
        )
        if active is not None:
            for rule in active.rules.prefetch_related("units"):
                copy = AllocationRule.objects.create(
                    rule_set=draft, cause=rule.cause, complexity=rule.complexity, note=rule.note
                )
                copy.units.set(rule.units.all())
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=draft, changes={"version": [None, version]}
        )
    return draft


def _require_draft(rule_set: AllocationRuleSet) -> None:
    if rule_set.status != RuleSetStatus.DRAFT:
        raise Conflict(_("Only a draft rule set can be edited; start a new draft."))


def _clean_weights(weights: dict, *, field: str) -> dict:
    clean = {}
    for key, value in (weights or {}).items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = -1
        if not 0 < number <= 100:
            raise ValidationFailed(
                _("Weight %(v)s for %(k)s must be a number above 0 and at most 100.")
                % {"v": value, "k": key},
                field=field,
            )
        clean[str(key)] = number
    return clean


def ruleset_update(
    *,
    actor,
    rule_set: AllocationRuleSet,
    procedure_weights: dict | None = None,
    cause_weights: dict | None = None,
    tie_break: str | None = None,
    note: str | None = None,
) -> AllocationRuleSet:
    """Change the weights, tie-break or note of a draft."""
    require_office(actor, rule_set.court_id)
    _require_draft(rule_set)
    before = snapshot(rule_set, ["procedure_weights", "cause_weights", "tie_break", "note"])
    if procedure_weights is not None:
        unknown = set(procedure_weights) - set(Procedure.values)
        if unknown:
            raise ValidationFailed(
                _("Unknown procedure %(p)s.") % {"p": ", ".join(sorted(unknown))},
                field="procedure_weights",
            )
        rule_set.procedure_weights = _clean_weights(procedure_weights, field="procedure_weights")
    if cause_weights is not None:
        rule_set.cause_weights = _clean_weights(cause_weights, field="cause_weights")
    if tie_break is not None:
        if tie_break not in TieBreak.values:
            raise ValidationFailed(_("Unknown tie-break."), field="tie_break")
        rule_set.tie_break = tie_break
    if note is not None:
        rule_set.note = note
    with transaction.atomic():
        rule_set.save()
        after = snapshot(rule_set, ["procedure_weights", "cause_weights", "tie_break", "note"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=rule_set,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return rule_set


def rule_add(
    *,
    actor,
    rule_set: AllocationRuleSet,
    cause: CaseCause | None,
    complexity: str = RuleComplexity.ANY,
    units: Iterable[TrialUnit],
    note: str = "",
) -> AllocationRule:
    """Add an eligibility rule to a draft: ``units`` are eligible for ``cause`` (and its
    sub-causes; None = any cause) at ``complexity``."""
    require_office(actor, rule_set.court_id)
    _require_draft(rule_set)
    units = list(units)
    if not units:
        raise ValidationFailed(_("A rule needs at least one unit."), field="units")
    if any(u.court_id != rule_set.court_id for u in units) or (
        cause is not None and cause.court_id not in (None, rule_set.court_id)
    ):
        raise NotFound(_("No such unit or cause."))
    if complexity not in RuleComplexity.values:
        raise ValidationFailed(_("Unknown complexity."), field="complexity")
    with transaction.atomic():
        rule = AllocationRule.objects.create(
            rule_set=rule_set, cause=cause, complexity=complexity, note=note
        )
        rule.units.set(units)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=rule,
            court_id=rule_set.court_id,
            changes={
                "cause": [None, cause.pk if cause else None],
                "complexity": [None, complexity],
                "units": [None, [u.pk for u in units]],
            },
        )
    return rule


def rule_delete(*, actor, rule: AllocationRule) -> None:
    require_office(actor, rule.rule_set.court_id)
    _require_draft(rule.rule_set)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=rule,
            court_id=rule.rule_set.court_id,
            changes={"cause": [rule.cause_id, None]},
        )
        rule.delete()


def ruleset_publish(*, actor, rule_set: AllocationRuleSet, note: str = "") -> AllocationRuleSet:
    """draft → active; the previous active version is retired. Allocations name the version."""
    require_office(actor, rule_set.court_id)
    with transaction.atomic():
        rule_set = AllocationRuleSet.objects.select_for_update().get(pk=rule_set.pk)
        _require_draft(rule_set)
        AllocationRuleSet.objects.filter(
            court_id=rule_set.court_id, status=RuleSetStatus.ACTIVE
        ).update(status=RuleSetStatus.RETIRED)
        rule_set.status = RuleSetStatus.ACTIVE
        rule_set.published_at = timezone.now()
        if note:
            rule_set.note = note
        rule_set.save()
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=rule_set,
            changes={"status": [RuleSetStatus.DRAFT, RuleSetStatus.ACTIVE]},
            reason=note,
        )
    return rule_set


# --- allocation -----------------------------------------------------------------------------
def _lock_court_units(court_id: int) -> None:
    """Serialise allocators of one court: every allocation locks all the court's unit rows (in
    id order, so two allocators cannot deadlock) before reading loads. Under READ COMMITTED the
    load query that follows sees every allocation committed before the lock was granted."""
    list(
        TrialUnit.objects.select_for_update()
        .filter(court_id=court_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _save_decision(
    *, actor, case: Case, decision, kind: str, rule_set, reason: str = ""
) -> CaseAllocation:
    before = snapshot(case, ["trial_unit_id", "judge_id", "assistant_id"])
    case.trial_unit = decision.unit
    case.judge_id = decision.judge_id
    case.assistant_id = decision.assistant_id
    case.allocation_rule_set = rule_set
    case.allocation_explanation = decision.explanation
    case.allocated_at = timezone.now()
    return CaseAllocation(
        court_id=case.court_id,
        case=case,
        kind=kind,
        trial_unit=decision.unit,
        judge_id=decision.judge_id,
        assistant_id=decision.assistant_id,
        rule_set=rule_set,
        explanation=decision.explanation,
        details={**decision.details, "before": before},
        reason=reason,
        actor=actor,
    )


ALLOCATION_FIELDS = [
    "trial_unit",
    "judge",
    "assistant",
    "allocation_rule_set",
    "allocation_explanation",
    "allocated_at",
    "updated_at",
]


def cases_allocate(*, actor, court: Court, case_ids: Iterable[int] | None = None) -> list[Case]:
    """Allocate unallocated open cases (all pending ones when ``case_ids`` is None) under the
    active rule set, in filing order. A batch gives the same result as one case at a time."""
    require_case_writer(actor, court.pk)
    with transaction.atomic():
        _lock_court_units(court.pk)
        rule_set = ruleset_active(court)
        qs = Case.objects.filter(
            court=court, trial_unit__isnull=True, status__in=CaseStatus.open_values()
        ).order_by("filing_date", "pk")
        if case_ids is not None:
            qs = qs.filter(pk__in=list(case_ids))
        cases = list(qs.select_for_update())
        if not cases:
            return []
        allocator = Allocator(court_id=court.pk, rule_set=rule_set)
        records = []
        for case in cases:
            decision = allocator.decide(case)
            allocator.apply(case, decision)
            records.append(
                _save_decision(
                    actor=actor,
                    case=case,
                    decision=decision,
                    kind=AllocationKind.INITIAL,
                    rule_set=rule_set,
                )
            )
        now = timezone.now()
        # One UPDATE per case: bulk_update's CASE expressions cost far more than they save here.
        for case in cases:
            case.updated_at = now
            Case.objects.filter(pk=case.pk).update(
                trial_unit_id=case.trial_unit_id,
                judge_id=case.judge_id,
                assistant_id=case.assistant_id,
                allocation_rule_set_id=case.allocation_rule_set_id,
                allocation_explanation=case.allocation_explanation,
                allocated_at=case.allocated_at,
                updated_at=now,
            )
        CaseAllocation.objects.bulk_create(records, batch_size=500)
        # One event per run: a batch of 500 is one decision of the office, and each case keeps
        # its own CaseAllocation row with the explanation.
        if len(cases) == 1:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=cases[0],
                changes={
                    "trial_unit": [None, cases[0].trial_unit_id],
                    "judge": [None, cases[0].judge_id],
                },
                reason=cases[0].allocation_explanation,
            )
        else:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                obj=court,
                object_type="core.case",
                object_repr=_("%(n)s cases allocated") % {"n": len(cases)},
                changes={
                    "allocated": {c.case_number: [c.trial_unit_id, c.judge_id] for c in cases},
                    "rule_set_version": rule_set.version if rule_set else None,
                },
            )
    return cases


def allocation_preview(
    *, court: Court, rule_set: AllocationRuleSet | None, cases: list[Case]
) -> list[tuple[Case, Any]]:
    """Dry run: where ``cases`` would go under ``rule_set`` (nothing is saved). Each item is
    (case, Decision) or (case, error message)."""
    allocator = Allocator(court_id=court.pk, rule_set=rule_set)
    out = []
    for case in cases:
        try:
            if case.trial_unit_id:
                allocator.release(case)
            decision = allocator.decide(case)
            allocator.apply(case, decision)
            out.append((case, decision))
        except ValidationFailed as exc:
            out.append((case, exc.message))
    return out


def case_reallocate(
    *, actor, case_id: int, reason: str, unit: TrialUnit | None = None, judge: Person | None = None
) -> Case:
    """Reallocate (改分) an allocated open case, with a reason: to ``unit`` (and ``judge``) if
    given, else by the rules to the best eligible unit other than the current one."""
    if not (reason or "").strip():
        raise ValidationFailed(_("A reallocation needs a reason."), field="reason")
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_writer(actor, case.court_id)
        if not case.is_open or case.trial_unit_id is None:
            raise Conflict(_("Only an allocated open case can be reallocated."))
        _lock_court_units(case.court_id)
        rule_set = ruleset_active(case.court_id)
        allocator = Allocator(court_id=case.court_id, rule_set=rule_set)
        allocator.release(case)
        if unit is not None:
            if unit.court_id != case.court_id or unit.pk not in allocator.units:
                raise NotFound(_("No such active unit."))
            why = Why(gettext_lazy("chosen by the office"), {})
            if judge is not None:
                if judge.pk not in allocator.judges.get(unit.pk, []):
                    raise ValidationFailed(
                        _("%(judge)s is not a judge of %(unit)s.")
                        % {"judge": judge.full_name, "unit": unit.name},
                        field="judge",
                    )
                others = [p for p in allocator.judges[unit.pk] if p != judge.pk]
                decision = allocator.decide_in_unit(case, unit.pk, why, [unit.pk], others)
            else:
                decision = allocator.decide_in_unit(case, unit.pk, why, [unit.pk])
        else:
            decision = allocator.decide(case, exclude_units={case.trial_unit_id})
        record = _save_decision(
            actor=actor,
            case=case,
            decision=decision,
            kind=AllocationKind.REALLOCATION,
            rule_set=rule_set,
            reason=reason,
        )
        before = record.details["before"]
        case.save()
        record.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes={
                "trial_unit": [before["trial_unit_id"], case.trial_unit_id],
                "judge": [before["judge_id"], case.judge_id],
            },
            reason=reason,
        )
    return case


def case_recuse(*, actor, case_id: int, reason: str) -> Case:
    """The judge withdraws (回避): the case goes to the unit's judge with the lowest load other
    than the recused one; the assistant stays unless the unit has no other choice."""
    if not (reason or "").strip():
        raise ValidationFailed(_("A recusal needs a reason."), field="reason")
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_writer(actor, case.court_id)
        if not case.is_open or case.judge_id is None:
            raise Conflict(_("Only an allocated open case can have its judge recused."))
        _lock_court_units(case.court_id)
        rule_set = ruleset_active(case.court_id)
        allocator = Allocator(court_id=case.court_id, rule_set=rule_set)
        recused, assistant_id = case.judge_id, case.assistant_id
        allocator.release(case)
        decision = allocator.decide_in_unit(
            case,
            case.trial_unit_id,
            Why(gettext_lazy("recusal of the judge"), {}),
            [case.trial_unit_id],
            {recused},
        )
        decision.assistant_id = assistant_id or decision.assistant_id
        record = _save_decision(
            actor=actor,
            case=case,
            decision=decision,
            kind=AllocationKind.RECUSAL,
            rule_set=rule_set,
            reason=reason,
        )
        record.details["recused_judge"] = recused
        case.save()
        record.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes={"judge": [recused, case.judge_id]},
            reason=reason,
        )
    return case


# --- time limit -----------------------------------------------------------------------------
def extension_request(
    *,
    actor,
    case_id: int,
    amount: int,
    unit: str = PeriodUnit.MONTHS,
    reason: str,
    requested_on: dt.date | None = None,
) -> TimeLimitExtension:
    """Request an extension (延长审限) at least 15 days before the current expiry."""
    requested_on = requested_on or timezone.localdate()
    if not (reason or "").strip():
        raise ValidationFailed(_("An extension needs a reason."), field="reason")
    if amount < 1 or unit not in PeriodUnit.values:
        raise ValidationFailed(
            _("The extension must be a positive number of days or months."), field="amount"
        )
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_handler(actor, case)
        if not case.is_open:
            raise Conflict(_("The case is closed."))
        limit = case_time_limit(case, today=requested_on)
        latest = limit.end - dt.timedelta(days=EXTENSION_NOTICE_DAYS)
        if requested_on > latest:
            raise ValidationFailed(
                _(
                    "An extension must be requested at least %(n)s days before the limit ends "
                    "(%(end)s), i.e. by %(latest)s."
                )
                % {"n": EXTENSION_NOTICE_DAYS, "end": limit.end, "latest": latest},
                field="requested_on",
            )
        if case.extensions.filter(status=ExtensionStatus.REQUESTED).exists():
            raise Conflict(_("An extension request is already pending."))
        ext = TimeLimitExtension.objects.create(
            court_id=case.court_id,
            case=case,
            requested_on=requested_on,
            amount=amount,
            unit=unit,
            reason=reason,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=ext,
            changes={"case": [None, case.pk], "amount": [None, f"{amount} {unit}"]},
            reason=reason,
        )
    return ext


def extension_decide(
    *,
    actor,
    extension_id: int,
    approve: bool,
    approver: str,
    evidence: str = "",
    higher_court: bool = False,
    decided_on: dt.date | None = None,
) -> TimeLimitExtension:
    """Record the decision on a requested extension (by the president, or the higher court
    beyond the president's cap). Approval moves the case's limit."""
    decided_on = decided_on or timezone.localdate()
    if not (approver or "").strip():
        raise ValidationFailed(_("Name who decided."), field="approver")
    with transaction.atomic():
        ext = TimeLimitExtension.objects.select_for_update().filter(pk=extension_id).first()
        if ext is None:
            raise NotFound(_("No such extension request."))
        require_office(actor, ext.court_id)
        if ext.status != ExtensionStatus.REQUESTED:
            raise Conflict(_("This request has already been decided."))
        case = _case_for_update(ext.case_id)
        if approve and not higher_court:
            left = extension_cap_left(
                case.procedure, case.extensions.filter(status=ExtensionStatus.APPROVED)
            )
            if left is not None and (ext.unit != left[1] or ext.amount > left[0]):
                raise ValidationFailed(
                    _(
                        "The president may extend this procedure by at most %(n)s %(unit)s more; "
                        "beyond that the higher court must approve."
                    )
                    % {"n": left[0], "unit": PeriodUnit(left[1]).label},
                    field="amount",
                )
        ext.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        ext.approver, ext.evidence, ext.higher_court = approver, evidence, higher_court
        ext.decided_on = decided_on
        ext.save()
        _refresh_limit(case)
        case.save(update_fields=["time_limit_end", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.TRANSITION,
            obj=ext,
            changes={
                "status": [ExtensionStatus.REQUESTED, ext.status],
                "approver": [None, approver],
            },
        )
    return ext


def exclusion_add(
    *,
    actor,
    case_id: int,
    kind: str,
    start_date: dt.date,
    reason: str,
    approver: str,
    evidence: str,
    end_date: dt.date | None = None,
) -> TimeLimitExclusion:
    """Record a period excluded from the limit (公告, 鉴定, 和解, 管辖异议, 审计/评估, 中止),
    with reason, approver and evidence; ``end_date`` may follow later (exclusion_end)."""
    if kind not in ExclusionKind.values:
        raise ValidationFailed(_("Unknown kind of excluded period."), field="kind")
    for value, name in ((reason, "reason"), (approver, "approver"), (evidence, "evidence")):
        if not (value or "").strip():
            raise ValidationFailed(
                _("An excluded period needs a reason, an approver and evidence."), field=name
            )
    if end_date is not None and end_date < start_date:
        raise ValidationFailed(_("The period ends before it starts."), field="end_date")
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_handler(actor, case)
        if start_date <= case.filing_date:
            raise ValidationFailed(
                _("The period must start after the filing date."), field="start_date"
            )
        if kind == ExclusionKind.PUBLIC_NOTICE and case.procedure == Procedure.SIMPLE:
            raise ValidationFailed(
                _(
                    "Simple-procedure cases cannot be served by public notice; convert the case to the ordinary procedure first."
                ),
                field="kind",
            )
        exclusion = TimeLimitExclusion.objects.create(
            court_id=case.court_id,
            case=case,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            reason=reason,
            approver=approver,
            evidence=evidence,
        )
        _refresh_limit(case)
        case.save(update_fields=["time_limit_end", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=exclusion,
            changes={
                "kind": [None, kind],
                "start_date": [None, start_date],
                "end_date": [None, end_date],
            },
            reason=reason,
        )
    return exclusion


def exclusion_end(*, actor, exclusion_id: int, end_date: dt.date) -> TimeLimitExclusion:
    """Close an open excluded period."""
    with transaction.atomic():
        exclusion = TimeLimitExclusion.objects.select_for_update().filter(pk=exclusion_id).first()
        if exclusion is None:
            raise NotFound(_("No such excluded period."))
        case = _case_for_update(exclusion.case_id)
        require_case_handler(actor, case)
        if exclusion.end_date is not None:
            raise Conflict(_("This period has already ended."))
        if end_date < exclusion.start_date:
            raise ValidationFailed(_("The period ends before it starts."), field="end_date")
        exclusion.end_date = end_date
        exclusion.save(update_fields=["end_date"])
        _refresh_limit(case)
        case.save(update_fields=["time_limit_end", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=exclusion,
            changes={"end_date": [None, end_date]},
        )
    return exclusion


def case_change_procedure(
    *, actor, case_id: int, to_procedure: str, reason: str, changed_on: dt.date | None = None
) -> Case:
    """Change the procedure (e.g. 简易 → 普通). The filing date is kept, so the new limit counts
    from the original filing; the case becomes complex when it leaves a simple procedure."""
    changed_on = changed_on or timezone.localdate()
    if to_procedure not in Procedure.values:
        raise ValidationFailed(
            _("Procedure %(p)s is unknown.") % {"p": to_procedure}, field="to_procedure"
        )
    if not (reason or "").strip():
        raise ValidationFailed(_("A change of procedure needs a reason."), field="reason")
    with transaction.atomic():
        case = _case_for_update(case_id)
        require_case_handler(actor, case)
        if not case.is_open:
            raise Conflict(_("The case is closed."))
        if case.procedure == to_procedure:
            raise Conflict(_("The case already runs in that procedure."))
        change = ProcedureChange.objects.create(
            court_id=case.court_id,
            case=case,
            from_procedure=case.procedure,
            to_procedure=to_procedure,
            changed_on=changed_on,
            reason=reason,
        )
        case.procedure = to_procedure
        if to_procedure not in SIMPLE_PROCEDURES:
            case.complexity = Complexity.COMPLEX
        _refresh_limit(case)
        case.save()
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes={"procedure": [change.from_procedure, to_procedure]},
            reason=reason,
        )
    return case


def case_refresh_time_limits(*, court: Court, today: dt.date | None = None) -> int:
    """Recompute the stored expiry of the court's open cases (e.g. nightly, and after the
    office enters a new year's holidays). Returns the number of cases changed."""
    today = today or timezone.localdate()
    calendar = calendar_for(court)
    changed = []
    qs = Case.objects.filter(court=court, status__in=CaseStatus.open_values()).prefetch_related(
        "extensions", "exclusions"
    )
    for case in qs:
        end = compute(
            procedure=case.procedure,
            filing_date=case.filing_date,
            extensions=case.extensions.all(),
            exclusions=case.exclusions.all(),
            today=today,
            calendar=calendar,
        ).end
        if end != case.time_limit_end:
            case.time_limit_end = end
            changed.append(case)
    Case.objects.bulk_update(changed, ["time_limit_end"], batch_size=1000)
    return len(changed)
