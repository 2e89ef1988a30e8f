from courtops.core.models.audit import AuditChainHead, AuditCheckpoint, AuditEvent, AuditSeal
from courtops.core.models.calendar import CalendarDay, CalendarYear
from courtops.core.models.people import Person, PersonManager
from courtops.core.models.scoping import CourtScopedQuerySet
from courtops.core.models.tenancy import Company, Court, Department

__all__ = [
    "AuditChainHead",
    "AuditCheckpoint",
    "AuditEvent",
    "AuditSeal",
    "CalendarDay",
    "CalendarYear",
    "Company",
    "Court",
    "CourtScopedQuerySet",
    "Department",
    "Person",
    "PersonManager",
]
from courtops.core.models.case_events import (  # noqa: E402  (the 审限's events)
    ProcedureChange,
    TimeLimitExclusion,
    TimeLimitExtension,
)
from courtops.core.models.cases import (  # noqa: E402  (case register, issue 3)
    AllocationRule,
    AllocationRuleSet,
    Case,
    CaseAllocation,
    CaseCause,
    Party,
    TrialUnit,
    TrialUnitMember,
)

__all__ += [
    "AllocationRule",
    "AllocationRuleSet",
    "Case",
    "CaseAllocation",
    "CaseCause",
    "Party",
    "ProcedureChange",
    "TimeLimitExclusion",
    "TimeLimitExtension",
    "TrialUnit",
    "TrialUnitMember",
]
from courtops.core.models.jobs import ImportJob, ImportJobStatus, ImportKind  # noqa: E402

__all__ += ["ImportJob", "ImportJobStatus", "ImportKind"]
