"""The one way to change a state.

A lifecycle is declared on its model: an ``FSMField(protected=True)`` and one ``@transition``
method per step, which only changes fields of ``self`` (django-fsm). A service moves an object
through a step with :func:`transition_run`, which in ONE transaction

1. locks the row (``select_for_update``) and re-reads it, so two requests cannot both pass the
   check below and both write;
2. runs ``authorize(obj)`` — the permission check, on the locked row;
3. asks django-fsm's ``can_proceed``: a refusal raises :class:`~courtops.core.exceptions.Conflict`
   (HTTP 409) whose message names the current state by its label (Chinese in the UI); a rerun of
   a step that already happened (the object already is in the step's target state) changes
   nothing and returns ``changed=False`` — unless the service says ``idempotent=False``;
4. runs the transition method, saves, writes the audit event (``{field: [source, target]}`` plus
   ``audit_changes``) — all of it commits or rolls back together;
5. registers ``on_commit`` callables with ``transaction.on_commit``: follow-up work (a Celery
   task, a notification) starts only after the change is visible, never for a rolled-back one.

A new lifecycle is then a few lines::

    class WorkOrder(FSMModelMixin, models.Model):
        status = FSMField(choices=WorkOrderStatus.choices, default=WorkOrderStatus.OPEN,
                          protected=True)

        @transition(field=status, source=WorkOrderStatus.OPEN, target=WorkOrderStatus.SUBMITTED)
        def submit(self, *, output: dict) -> None:
            self.output = output

    def work_order_submit(*, actor: Actor, work_order_id: int, output: dict) -> WorkOrder:
        return transition_run(
            model=WorkOrder, pk=work_order_id, transition="submit", actor=actor,
            authorize=lambda wo: require(can_handle_work_order(actor, wo), _("…")),
            params={"output": output},
            on_commit=[lambda: notify_reviewer_task.delay(work_order_id)],
        ).obj

Models with a protected FSM field inherit ``django_fsm.FSMModelMixin`` so ``refresh_from_db()``
keeps working. Bulk state changes (``QuerySet.update``) bypass this helper on purpose in exactly
one place — the import job's compare-and-set claim (see ``courtops.core.cases.import_jobs``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed, can_proceed

from courtops.core.actors import Actor, require_actor
from courtops.core.choices import AuditAction
from courtops.core.exceptions import Conflict, NotFound
from courtops.core.services.audit import audit_record

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Transitioned(Generic[M]):
    """What :func:`transition_run` did: the saved object, the state it came from and the state
    it is in now; ``changed`` is False for a rerun that found the step already done."""

    obj: M
    source: Any
    target: Any
    changed: bool


def _meta(obj: models.Model, transition: str) -> Any:
    method = getattr(obj, transition, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise TypeError(f"{type(obj).__name__}.{transition} is not a django-fsm transition")
    return method, meta


def state_label(obj: models.Model, field_name: str = "status") -> str:
    """The display label of ``obj``'s state (translated in the active language)."""
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field_name)
    choices = dict(field.flatchoices) if isinstance(field, models.Field) else {}
    return str(choices.get(value, value))


def targets_of(obj: models.Model, transition: str) -> set[Any]:
    """Every state that ``transition`` can lead to."""
    return {t.target for t in _meta(obj, transition)[1].transitions.values()}


def refusal_message(obj: models.Model, field_name: str, refusal: str | None = None) -> str:
    """``refusal`` (or a generic sentence) followed by the object's current state."""
    return _("%(refusal)s (current state: %(state)s)") % {
        "refusal": refusal or _("This step is not possible in the current state."),
        "state": state_label(obj, field_name),
    }


def transition_run(
    *,
    transition: str,
    actor: Actor,
    model: type[M] | None = None,
    pk: Any = None,
    instance: M | None = None,
    queryset: models.QuerySet[M] | None = None,
    authorize: Callable[[M], None] | None = None,
    params: Mapping[str, Any] | None = None,
    before_save: Callable[[M], None] | None = None,
    audit_action: str = AuditAction.TRANSITION,
    audit_changes: Mapping[str, Any] | None = None,
    reason: str = "",
    on_commit: Iterable[Callable[[], object]] = (),
    refusal: str | None = None,
    not_found: str | None = None,
    idempotent: bool = True,
) -> Transitioned[M]:
    """Move one object through ``transition`` (a ``@transition`` method name) — locked,
    authorized, checked, saved, audited, follow-ups on commit. Name the object by ``model`` and
    ``pk``, or by ``instance`` (only its class and pk are used: the row is re-read under the
    lock). ``queryset`` narrows or joins the locked read (e.g. ``select_related``); ``params``
    are passed to the transition method; ``before_save(obj)`` recomputes derived fields after
    it; ``refusal`` is the sentence a refused person reads
    (the current state is appended). Exceptions from ``authorize`` or the transition method roll
    everything back."""
    require_actor(actor)
    if instance is not None:
        model, pk = type(instance), instance.pk
    if model is None or pk is None:
        raise TypeError("transition_run needs model and pk, or instance")
    base = queryset if queryset is not None else model._default_manager.all()
    with transaction.atomic():
        obj = base.select_for_update().filter(pk=pk).first()
        if obj is None:
            raise NotFound(not_found or _("No such object."))
        if authorize is not None:
            authorize(obj)
        method, meta = _meta(obj, transition)
        field_name = meta.field if isinstance(meta.field, str) else meta.field.name
        source = getattr(obj, field_name)
        if not can_proceed(method):
            if idempotent and source in targets_of(obj, transition):
                return Transitioned(obj=obj, source=source, target=source, changed=False)
            raise Conflict(refusal_message(obj, field_name, refusal))
        try:
            method(**(params or {}))
        except TransitionNotAllowed as exc:  # a condition changed inside the method's own checks
            raise Conflict(refusal_message(obj, field_name, refusal)) from exc
        if before_save is not None:
            before_save(obj)
        obj.save()
        target = getattr(obj, field_name)
        audit_record(
            actor=actor,
            action=audit_action,
            obj=obj,
            changes={field_name: [source, target], **(audit_changes or {})},
            reason=reason,
        )
        for callback in on_commit:
            transaction.on_commit(callback)
    return Transitioned(obj=obj, source=source, target=target, changed=True)
