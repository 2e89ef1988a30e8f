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
    SECOND_INSTANCE = "civil_second", _("Second instance (appeal against a judgment)")
    SECOND_INSTANCE_RULING = (
        "civil_second_ruling",
        _("Second instance (appeal against a ruling)"),
    )
    ENFORCEMENT = "enforcement", _("Enforcement")
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
        return self


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
    OTHER = "other", _("Other")


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
