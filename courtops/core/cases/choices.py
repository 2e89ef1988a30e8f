"""Named choices of the case register."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Procedure(models.TextChoices):
    """Values match ``nodes.choices.Procedure`` (the workflow templates), plus the appeal
    against a ruling, whose limit differs."""

    ORDINARY = "civil_ordinary", _("Ordinary procedure")
    SIMPLE = "civil_simple", _("Simple procedure")
    SMALL_CLAIMS = "civil_small_claims", _("Small-claims procedure")
    SPECIAL = "civil_special", _("Special procedure")
    PAYMENT_ORDER = "civil_payment_order", _("Supervision procedure (督促程序, payment order)")
    SECOND_INSTANCE = "civil_second", _("Second instance (appeal against a judgment)")
    SECOND_INSTANCE_RULING = (
        "civil_second_ruling",
        _("Second instance (appeal against a ruling)"),
    )
    ENFORCEMENT = "enforcement", _("Enforcement")
    ENFORCEMENT_OBJECTION = "enforcement_objection", _("Enforcement objection (执行异议)")
    CRIMINAL_ORDINARY = "criminal_ordinary", _("Criminal ordinary procedure")
    CRIMINAL_SIMPLE = "criminal_simple", _("Criminal simple procedure")
    CRIMINAL_FAST_TRACK = "criminal_fast", _("Criminal fast-track procedure")
    ADMIN_ORDINARY = "admin_ordinary", _("Administrative ordinary procedure")
    ADMIN_SIMPLE = "admin_simple", _("Administrative simple procedure")
    PRESERVATION = "preservation", _("Preservation")

    @property
    def workflow_template(self) -> Procedure:
        """The procedure whose workflow template a case of this procedure follows."""
        if self == Procedure.SECOND_INSTANCE_RULING:
            return Procedure.SECOND_INSTANCE
        if self == Procedure.PAYMENT_ORDER:
            # The library has no 督促程序 template yet; its steps (examine the application,
            # issue and serve the order, watch for an objection) are those of the special
            # procedure's template until one is written.
            return Procedure.SPECIAL
        if self == Procedure.ENFORCEMENT_OBJECTION:
            # An objection is examined by the enforcement bureau inside the enforcement file;
            # its work orders are the enforcement template's until it has its own.
            return Procedure.ENFORCEMENT
        return self

    @property
    def closing_manners(self) -> list[ClosingManner]:
        """The ways a case of this procedure can end (结案方式), as the court's statistics
        count them: a civil first-instance case is never "enforcement completed"."""
        return CLOSING_MANNERS.get(self, CLOSING_MANNERS[Procedure.ORDINARY])


class Complexity(models.TextChoices):
    SIMPLE = "simple", _("Simple (简案)")
    COMPLEX = "complex", _("Complex (繁案)")


class RuleComplexity(models.TextChoices):
    ANY = "any", _("Any")
    SIMPLE = "simple", _("Simple (简案)")
    COMPLEX = "complex", _("Complex (繁案)")


class CaseStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    IN_TRIAL = "in_trial", _("In trial")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")

    @classmethod
    def open_values(cls) -> list[str]:
        return [cls.FILED, cls.IN_TRIAL]


class ClosingManner(models.TextChoices):
    JUDGMENT = "judgment", _("Judgment")
    MEDIATION = "mediation", _("Mediation")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    DISMISSAL = "dismissal", _("Dismissal of the complaint")
    TRANSFER = "transfer", _("Transfer")
    RULING = "ruling", _("Ruling")
    ENFORCED = "enforced", _("Enforcement completed")
    TERMINATED = "terminated", _("Termination of this enforcement (终本)")
    PAYMENT_ORDER = "order_issued", _("Payment order issued (发出支付令)")
    ENDED = "ended", _("Proceedings terminated (终结)")
    OTHER = "other", _("Other")


_CIVIL_FIRST = [
    ClosingManner.JUDGMENT,
    ClosingManner.MEDIATION,
    ClosingManner.WITHDRAWAL,
    ClosingManner.DISMISSAL,
    ClosingManner.TRANSFER,
    ClosingManner.RULING,
    ClosingManner.ENDED,
    ClosingManner.OTHER,
]
_APPEAL = [
    ClosingManner.JUDGMENT,  # 维持 / 改判
    ClosingManner.RULING,  # 发回重审, 驳回上诉 by ruling
    ClosingManner.MEDIATION,
    ClosingManner.WITHDRAWAL,
    ClosingManner.OTHER,
]
_CRIMINAL = [
    ClosingManner.JUDGMENT,
    ClosingManner.RULING,
    ClosingManner.WITHDRAWAL,  # 撤回起诉
    ClosingManner.ENDED,
    ClosingManner.TRANSFER,
    ClosingManner.OTHER,
]
_ADMIN = [
    ClosingManner.JUDGMENT,
    ClosingManner.RULING,
    ClosingManner.MEDIATION,  # 行诉法 Art. 60: compensation and discretion cases
    ClosingManner.WITHDRAWAL,
    ClosingManner.DISMISSAL,
    ClosingManner.TRANSFER,
    ClosingManner.OTHER,
]
_SPECIAL = [
    ClosingManner.RULING,
    ClosingManner.WITHDRAWAL,
    ClosingManner.ENDED,
    ClosingManner.OTHER,
]
CLOSING_MANNERS: dict[str, list[ClosingManner]] = {
    Procedure.ORDINARY: _CIVIL_FIRST,
    Procedure.SIMPLE: _CIVIL_FIRST,
    Procedure.SMALL_CLAIMS: _CIVIL_FIRST,
    Procedure.SPECIAL: _SPECIAL,
    Procedure.PAYMENT_ORDER: [
        ClosingManner.PAYMENT_ORDER,
        ClosingManner.RULING,  # 驳回申请
        ClosingManner.ENDED,  # 终结督促程序 after an objection
        ClosingManner.WITHDRAWAL,
        ClosingManner.OTHER,
    ],
    Procedure.SECOND_INSTANCE: _APPEAL,
    Procedure.SECOND_INSTANCE_RULING: _APPEAL,
    Procedure.ENFORCEMENT: [
        ClosingManner.ENFORCED,
        ClosingManner.TERMINATED,
        ClosingManner.ENDED,  # 终结执行
        ClosingManner.WITHDRAWAL,
        ClosingManner.RULING,  # 不予执行
        ClosingManner.TRANSFER,
        ClosingManner.OTHER,
    ],
    Procedure.ENFORCEMENT_OBJECTION: [
        ClosingManner.RULING,
        ClosingManner.WITHDRAWAL,
        ClosingManner.OTHER,
    ],
    Procedure.CRIMINAL_ORDINARY: _CRIMINAL,
    Procedure.CRIMINAL_SIMPLE: _CRIMINAL,
    Procedure.CRIMINAL_FAST_TRACK: _CRIMINAL,
    Procedure.ADMIN_ORDINARY: _ADMIN,
    Procedure.ADMIN_SIMPLE: _ADMIN,
    Procedure.PRESERVATION: [ClosingManner.RULING, ClosingManner.WITHDRAWAL, ClosingManner.OTHER],
}


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", _("Plaintiff")
    DEFENDANT = "defendant", _("Defendant")
    THIRD_PARTY = "third_party", _("Third party")
    APPELLANT = "appellant", _("Appellant")
    APPELLEE = "appellee", _("Appellee")
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    APPLICANT_ENFORCEMENT = "applicant_enforcement", _("Applicant for enforcement")
    PERSON_SUBJECT = "person_subject", _("Person subject to enforcement")
    PROSECUTOR = "prosecutor", _("Public prosecutor")
    ACCUSED = "accused", _("Defendant (criminal)")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Organisation")


class UnitRole(models.TextChoices):
    JUDGE = "judge", _("Judge")
    ASSISTANT = "assistant", _("Judge assistant")


class ExclusionKind(models.TextChoices):
    PUBLIC_NOTICE = "public_notice", _("Service by public notice (公告)")
    APPRAISAL = "appraisal", _("Forensic appraisal (鉴定)")
    SETTLEMENT = "settlement", _("Settlement talks (和解)")
    JURISDICTION = "jurisdiction", _("Jurisdiction objection (管辖异议)")
    AUDIT_EVALUATION = "audit_evaluation", _("Audit or valuation (审计/评估)")
    SUSPENSION = "suspension", _("Suspension (中止)")


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PeriodUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")


class RuleSetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class TieBreak(models.TextChoices):
    UNIT_NUMBER = "unit_number", _("Lowest unit number")
    FEWEST_CASES = "fewest_cases", _("Fewest open cases, then lowest unit number")


class AllocationKind(models.TextChoices):
    INITIAL = "initial", _("Allocation")
    REALLOCATION = "reallocation", _("Reallocation (改分)")
    RECUSAL = "recusal", _("Recusal (回避)")
    IMPORTED = "imported", _("Taken over from the ledger")


class CaseSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Ledger import")
    API = "api", _("Case system (API)")
