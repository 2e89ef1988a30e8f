from courtops.core.models.audit import AuditChainHead, AuditEvent, AuditSeal
from courtops.core.models.calendar import CalendarDay, CalendarYear
from courtops.core.models.people import Person, PersonManager
from courtops.core.models.scoping import CourtScopedQuerySet
from courtops.core.models.tenancy import Company, Court, Department

__all__ = [
    "AuditChainHead",
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
