"""Due moments of work-order steps and waits, from their pinned node spec's time limit, through the
one clock (``courtops.core.clock.due_at``).

Start events handled: ``task_ready`` (the moment the work order or wait is created), ``case_filed``
(the case's filing date), a recorded output (``time_start_ref`` {node, field}: the date field of
the latest accepted record of that node in the workflow; no clock until it exists) and the named
case events that accepted steps recorded (``marks``). Not yet: events counted *before* a date
(``hearing_date``, ``expiry``) and events no step of the template records (the case register does
not keep them yet) — those get no due moment (None) until the engine records such events; see
``start_moment``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from courtops.core.clock import TimeUnit, due_at
from courtops.core.exceptions import CalendarNotPublished
from nodes.choices import StartEvent

# counted backwards from a date: needs the hearing / expiry date, which the engine does not keep
# yet (TODO(engine): hearing scheduling records ``hearing_date``; then count amount days before it)
BEFORE_EVENTS = (StartEvent.HEARING_DATE, StartEvent.EXPIRY)


def _as_moment(value: Any) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time.min)
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def end_of(moment: dt.date | dt.datetime) -> dt.datetime:
    """A due date as a moment: the end of that day (local time); a datetime stays as it is."""
    if isinstance(moment, dt.datetime):
        return moment
    return timezone.make_aware(dt.datetime.combine(moment, dt.time(23, 59, 59)))


def start_moment(
    spec, *, ready_at: dt.datetime, case, recorded: dict[str, dict], events: dict[str, str]
) -> dt.datetime | None:
    """When the clock of ``spec`` (a NodeSpec) starts, or None when it cannot be known yet.
    ``recorded``: node code → its latest accepted output record in the workflow; ``events``: the
    workflow's named case events."""
    starts = spec.time_starts or StartEvent.TASK_READY
    if starts == StartEvent.TASK_READY:
        return ready_at
    if starts == StartEvent.OUTPUT:
        ref = spec.time_start_ref or {}
        record = recorded.get(str(ref.get("node")))
        return _as_moment(record.get(str(ref.get("field")))) if record else None
    if starts in events:
        return _as_moment(events[starts])
    if starts == StartEvent.CASE_FILED:
        return _as_moment(case.filing_date)
    # BEFORE_EVENTS and case events no step records yet: no clock (see the module docstring).
    return None


def due_moment(
    spec,
    *,
    ready_at: dt.datetime,
    case,
    recorded: dict[str, dict],
    events: dict[str, str],
    foreign: bool = False,
    calendar=None,
) -> dt.datetime | None:
    """The due moment of ``spec``'s time limit (its foreign period when ``foreign`` and it has
    one), or None without a limit or a known start."""
    amount, unit = spec.time_amount, spec.time_unit
    if foreign and spec.time_foreign:
        amount, unit = spec.time_foreign.get("amount"), spec.time_foreign.get("unit")
    if amount is None or unit not in TimeUnit.values:
        return None
    start = start_moment(spec, ready_at=ready_at, case=case, recorded=recorded, events=events)
    if start is None:
        return None
    try:
        moment = due_at(
            start=start, amount=int(amount), unit=unit, court_id=case.court_id, calendar=calendar
        )
    except CalendarNotPublished:
        # TODO(engine): a provisional due moment, marked as such (issue 11 item 3). Until then a
        # period reaching a year without a holiday schedule has no due moment, never a crash.
        return None
    return end_of(moment)


def party_abroad(case) -> bool:
    """Has a party of ``case`` no domicile in the PRC (the foreign periods apply)? The case
    register keeps no such flag yet: TODO(engine) read ``Party`` once it records the domicile.
    Until then the ordinary period applies."""
    flag = getattr(case, "party_abroad", None)
    return bool(flag)
