"""Who performs a change: a person, or the system itself.

Every service takes ``actor: Actor``. A person is a :class:`~courtops.core.models.Person`; work
that no person starts — the demo and library loaders, the ledger importer run by a worker,
sweeps, Celery tasks, management commands — passes :data:`SYSTEM`. ``None`` is not an actor:
passing it is a programming error (:func:`require_actor` raises ``TypeError``), so a forgotten
argument can never silently mean "skip every check".

The system actor passes every permission predicate (it runs code we wrote, not a request) and
is recorded in the audit trail as "system". It is not a database row: a foreign key such as
``created_by`` takes :func:`person_or_none` of the actor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeAlias

if TYPE_CHECKING:
    from courtops.core.models import Person


class SystemActor:
    """The one non-person actor. Its attributes mirror the parts of a ``Person`` that the
    permission policy and the audit trail read, so it can stand wherever an actor is asked for."""

    pk: Final = None
    id: Final = None
    court_id: Final = None
    company_id: Final = None
    role: Final = ""
    full_name: Final = "system"
    username: Final = "system"
    is_active: Final = True
    is_superuser: Final = False
    is_service_account: Final = False
    is_system: Final = True
    # Not a logged-in person: code that asks "is this a person?" gets no.
    is_authenticated: Final = False

    _instance: SystemActor | None = None

    def __new__(cls) -> SystemActor:
        # One instance, so ``actor is SYSTEM`` is always the test.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return True

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return "system"


SYSTEM: Final = SystemActor()

Actor: TypeAlias = "Person | SystemActor"


def system_actor() -> SystemActor:
    """The system actor (for call sites that prefer a function)."""
    return SYSTEM


def is_system(actor: object) -> bool:
    """True for the system actor only."""
    return actor is SYSTEM


def require_actor(actor: object) -> None:
    """Refuse ``None`` (or anything that is neither a person nor the system) as an actor."""
    if actor is None:
        raise TypeError(
            "actor is required: pass the person who acts, or courtops.core.actors.SYSTEM for "
            "loaders, sweeps and background tasks"
        )
    if actor is SYSTEM:
        return
    if not hasattr(actor, "is_authenticated"):
        raise TypeError(f"actor must be a Person or SYSTEM, not {type(actor).__name__}")


def person_or_none(actor: Actor) -> Person | None:
    """The person behind ``actor`` for a foreign key such as ``created_by`` (None for SYSTEM)."""
    require_actor(actor)
    return None if actor is SYSTEM else actor  # type: ignore[return-value]
