"""Registering cases and parties (one, or a batch from an import), case status steps, revealing personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courtops.core.actors import Actor
from courtops.core.cases import casenumber
from courtops.core.cases.choices import (
    CaseSource,
    ClosingManner,
    Complexity,
    PartyKind,
    PartyRole,
    Procedure,
)
from courtops.core.cases.masking import UNMASKED, present
from courtops.core.cases.selectors import case_time_limit
from courtops.core.cases.services._common import (
    SIMPLE_PROCEDURES,
    can_reveal_personal_data,
    require_case_handler,
    require_case_writer,
)
from courtops.core.cases.services.allocation import cases_allocate
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, NotFound, PermissionRefused, ValidationFailed
from courtops.core.models import (
    Case,
    CaseCause,
    Court,
    Party,
)
from courtops.core.permissions import is_platform_admin
from courtops.core.services.audit import audit_record
from courtops.core.services.calendar import calendar_for
from courtops.core.transitions import transition_run


# --- cases ----------------------------------------------------------------------------------
def _refresh_limit(case: Case, *, calendar=None, today: dt.date | None = None) -> None:
    """Store the case's 审限 end as the one computation gives it."""
    case.time_limit_end = case_time_limit(case, calendar=calendar, today=today).end


# Full-width digits and separators (typed with a Chinese input method) count as ASCII ones,
# as they already do in case numbers.
_HALF_WIDTH = {0xFF10 + i: ord("0") + i for i in range(10)} | {
    ord("－"): "-",
    ord("／"): "/",
    ord("．"): ".",
    ord("Ｘ"): "X",
    ord("ｘ"): "X",
    ord("　"): " ",
}


def ascii_digits(value: object) -> str:
    """``value`` as text with full-width digits, X and date separators made ASCII."""
    return str(value or "").translate(_HALF_WIDTH).strip()


def _as_date(value, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        text = ascii_digits(value)
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
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
    # No procedure at all means the case number did not parse: that error is reported already,
    # and "procedure '' is unknown" would only repeat it confusingly.
    if procedure and procedure not in _PROCEDURES:
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
        id_number = ascii_digits(p.get("id_number")).upper()
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
                phone=ascii_digits(p.get("phone")),
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
        filing_date=filing_date,  # type: ignore[misc]  # None only alongside reported errors
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


def _duplicate(court: Court, case: Case) -> list[tuple[str, str]]:
    if case.year and Case.objects.filter(court=court, case_number=case.case_number).exists():
        return [("case_number", _("Case %(n)s is already registered.") % {"n": case.case_number})]
    return []


def case_register_check(*, court: Court, data: dict[str, Any]) -> list[tuple[str, str]]:
    """Every problem of one case's input at once — a duplicate case number together with the
    others — as ``[(field, message)]``, without saving. The register form shows each beside
    its field."""
    case, _parties, errors = build_case(court=court, data=data)
    return errors + _duplicate(court, case)


def case_register(
    *, actor: Actor, court: Court, data: dict[str, Any], allocate: bool = False
) -> Case:
    """Register one case with its parties (状态: filed). ``data``: case_number, cause (object,
    id or name), procedure (default from the type code), complexity, filing_date, parties."""
    require_case_writer(actor, court.pk)
    case, parties, errors = build_case(court=court, data=data)
    if errors:  # a duplicate alone stays a 409 below; with other errors it is listed with them
        errors += _duplicate(court, case)
        exc = ValidationFailed(
            "; ".join(msg for _f, msg in errors), field=errors[0][0], errors=[m for _f, m in errors]
        )
        exc.field_errors = errors
        raise exc
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
    actor: Actor,
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
            _refresh_limit(case, calendar=calendar, today=today)
        try:
            # A savepoint: a concurrent batch with some of the same numbers that committed
            # after the check above makes this insert fail; say which numbers, as a 409.
            with transaction.atomic():
                Case.objects.bulk_create([c for c, _ps in new], batch_size=1000)
        except IntegrityError as exc:
            taken = sorted(
                Case.objects.filter(
                    court=court, case_number__in=[c.case_number for c, _ps in new]
                ).values_list("case_number", flat=True)
            )
            raise Conflict(
                _(
                    "Registered by someone else at the same moment: %(numbers)s. Nothing of "
                    "this batch was registered; send it again and those cases will be skipped."
                )
                % {"numbers": "、".join(taken[:50]) or _("(unknown)")},
                field="case_number",
                errors=taken,
            ) from exc
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


def _case_transition(
    *, actor: Actor, case_id: int, transition: str, refusal: str, **options: Any
) -> Case:
    """Move a case through one step of its lifecycle (locked, checked, audited)."""
    return transition_run(
        model=Case,
        pk=case_id,
        transition=transition,
        actor=actor,
        authorize=lambda case: require_case_handler(actor, case),
        refusal=refusal,
        not_found=_("No such case."),
        **options,
    ).obj


def case_start_trial(*, actor: Actor, case_id: int) -> Case:
    """filed → in trial. A rerun on a case already in trial changes nothing."""
    return _case_transition(
        actor=actor,
        case_id=case_id,
        transition="start_trial",
        refusal=_("Only a filed case can go to trial."),
    )


def case_close(*, actor: Actor, case_id: int, manner: str, closing_date: dt.date) -> Case:
    """filed / in trial → closed, with the closing manner and date (2000审限规定 Art. 10).
    Closing a closed case again is refused (Conflict): its manner and date stand."""
    if manner not in ClosingManner.values:
        raise ValidationFailed(
            _("Closing manner %(m)s is unknown.") % {"m": manner}, field="manner"
        )
    return _case_transition(
        actor=actor,
        case_id=case_id,
        transition="close",
        refusal=_("The case is already closed."),
        params={"manner": manner, "closing_date": closing_date},
        before_save=_refresh_limit,
        audit_changes={"closing_manner": [None, manner]},
        idempotent=False,
    )


def case_archive(*, actor: Actor, case_id: int) -> Case:
    """closed → archived. A rerun on an archived case changes nothing."""
    return _case_transition(
        actor=actor,
        case_id=case_id,
        transition="archive",
        refusal=_("Only a closed case can be archived."),
    )


def party_reveal(
    *, actor: Actor, party_id: int, reason: str, ip_address: str | None = None
) -> dict[str, str]:
    """The unmasked personal data of one party, for a person allowed to see it, who must say
    why. Every call writes a VIEW_PERSONAL_DATA audit event naming the fields (never their
    values), the case, the reason and the client's address (default: the current request's)."""
    party = Party.objects.select_related("case").filter(pk=party_id).first()
    if party is None or (actor.court_id != party.court_id and not is_platform_admin(actor)):
        raise NotFound(_("No such party."))
    if not can_reveal_personal_data(actor, party.case):
        raise PermissionRefused(_("You may not see unmasked personal data of this case."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Say why you need the unmasked data: a reason is required and is recorded."),
            field="reason",
        )
    shown = present(party, UNMASKED)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW_PERSONAL_DATA,
            obj=party,
            changes={"fields": sorted(k for k, v in shown.items() if v), "case": party.case_id},
            reason=reason[:500],
            ip_address=ip_address,
        )
    return shown
