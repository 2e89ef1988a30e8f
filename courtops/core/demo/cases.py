"""Demo case register shaped like the model court: 33 trial units (7 with a single cause, see
``units``), 108 judges (99 in units), 150 assistants, ~4,000 cases of 2026 across the common
causes and procedures — most closed, some open, some near or past their time limit, a few
pending for the allocation dry run. The demo ``judge`` and ``assistant`` logins work in unit 1.

Idempotent: does nothing if the court already has trial units. People share one password hash
(computed once) and everything is bulk-created, so the whole load takes seconds.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from courtops.core.actors import SYSTEM
from courtops.core.cases.causes import cause_index
from courtops.core.cases.choices import (
    CaseStatus,
    ClosingManner,
    ExclusionKind,
    PeriodUnit,
    Procedure,
    RuleComplexity,
)
from courtops.core.cases.services import (
    cases_allocate,
    cases_register_batch,
    exclusion_add,
    extension_decide,
    extension_request,
    rule_add,
    ruleset_draft,
    ruleset_publish,
    ruleset_update,
)
from courtops.core.demo.foundation import DEMO_PASSWORD
from courtops.core.demo.parties import parties_for
from courtops.core.demo.units import load_units
from courtops.core.models import Case, CaseCause, TrialUnit

SEED = 1971
CASES = 4000
# (cause, type code, procedures with weights, share of filings)
MIX = [
    ("民间借贷纠纷", "民初", {"civil_simple": 6, "civil_small_claims": 2, "civil_ordinary": 2}, 15),
    ("离婚纠纷", "民初", {"civil_simple": 7, "civil_ordinary": 3}, 10),
    ("机动车交通事故责任纠纷", "民初", {"civil_simple": 7, "civil_ordinary": 3}, 9),
    ("买卖合同纠纷", "民初", {"civil_simple": 6, "civil_ordinary": 4}, 7),
    (
        "金融借款合同纠纷",
        "民初",
        {"civil_simple": 5, "civil_small_claims": 3, "civil_ordinary": 2},
        5,
    ),
    ("信用卡纠纷", "民初", {"civil_small_claims": 6, "civil_simple": 4}, 4),
    ("物业服务合同纠纷", "民初", {"civil_small_claims": 7, "civil_simple": 3}, 4),
    ("劳动争议", "民初", {"civil_simple": 6, "civil_ordinary": 4}, 3),
    ("追索劳动报酬纠纷", "民初", {"civil_simple": 8, "civil_ordinary": 2}, 2),
    ("房屋买卖合同纠纷", "民初", {"civil_ordinary": 6, "civil_simple": 4}, 3),
    ("房屋租赁合同纠纷", "民初", {"civil_simple": 8, "civil_ordinary": 2}, 3),
    ("劳务合同纠纷", "民初", {"civil_simple": 8, "civil_ordinary": 2}, 3),
    ("追偿权纠纷", "民初", {"civil_simple": 8, "civil_ordinary": 2}, 2),
    ("生命权、身体权、健康权纠纷", "民初", {"civil_simple": 6, "civil_ordinary": 4}, 2),
    ("建设工程施工合同纠纷", "民初", {"civil_ordinary": 9, "civil_simple": 1}, 2),
    ("承揽合同纠纷", "民初", {"civil_simple": 7, "civil_ordinary": 3}, 1),
    ("不当得利纠纷", "民初", {"civil_simple": 8, "civil_ordinary": 2}, 1),
    ("抚养纠纷", "民初", {"civil_simple": 9, "civil_ordinary": 1}, 1),
    ("法定继承纠纷", "民初", {"civil_simple": 5, "civil_ordinary": 5}, 1),
    ("离婚后财产纠纷", "民初", {"civil_simple": 6, "civil_ordinary": 4}, 1),
    ("赡养纠纷", "民初", {"civil_simple": 9, "civil_ordinary": 1}, 1),
    ("融资租赁合同纠纷", "民初", {"civil_ordinary": 1}, 1),
    ("申请执行民事判决", "执", {"enforcement": 1}, 9),
    ("申请执行调解书", "执", {"enforcement": 1}, 3),
    ("申请执行仲裁裁决", "执", {"enforcement": 1}, 1),
    ("执行异议", "执异", {"enforcement_objection": 1}, 1),
    ("盗窃罪", "刑初", {"criminal_fast": 4, "criminal_simple": 4, "criminal_ordinary": 2}, 2),
    ("危险驾驶罪", "刑初", {"criminal_fast": 7, "criminal_simple": 3}, 2),
    ("诈骗罪", "刑初", {"criminal_ordinary": 6, "criminal_simple": 4}, 1),
    ("行政处罚", "行初", {"admin_ordinary": 6, "admin_simple": 4}, 1),
    ("申请实现担保物权", "民特", {"civil_special": 1}, 1),
    ("申请司法确认调解协议", "民特", {"civil_special": 1}, 2),
    ("申请支付令", "民督", {"civil_payment_order": 1}, 1),
    ("申请诉前财产保全", "财保", {"preservation": 1}, 1),
]
CLOSING = {
    "enforcement": [ClosingManner.ENFORCED, ClosingManner.TERMINATED, ClosingManner.WITHDRAWAL],
    "civil_special": [ClosingManner.RULING, ClosingManner.WITHDRAWAL],
    "civil_payment_order": [ClosingManner.PAYMENT_ORDER, ClosingManner.WITHDRAWAL],
    "enforcement_objection": [ClosingManner.RULING, ClosingManner.WITHDRAWAL],
    "preservation": [ClosingManner.RULING],
}
CIVIL_CLOSING = (
    [ClosingManner.JUDGMENT] * 4
    + [ClosingManner.MEDIATION] * 3
    + [ClosingManner.WITHDRAWAL] * 2
    + [ClosingManner.DISMISSAL, ClosingManner.TRANSFER]
)


def _closing_pool(procedure: str) -> list[ClosingManner]:
    """The demo's weighted closing manners for ``procedure``, limited to the manners the
    procedure allows (a criminal case is never closed by mediation)."""
    allowed = Procedure(procedure).closing_manners
    pool = [m for m in CLOSING.get(procedure, CIVIL_CLOSING) if m in allowed]
    return pool or list(allowed)


def load(*, court, stdout=None) -> None:
    say = stdout.write if stdout else (lambda _m: None)
    if TrialUnit.objects.filter(court=court).exists():
        say("  cases: trial units exist already, nothing to do")
        return
    started = time.monotonic()
    rng = random.Random(SEED)
    causes = cause_index(CaseCause.objects.for_court(court.pk))
    password_hash = make_password(DEMO_PASSWORD)  # once: 259 people share it (demo only)
    with transaction.atomic():
        units = load_units(court=court, causes=causes, password_hash=password_hash, rng=rng)
        say(f"  cases: {len(units)} units and their people ({time.monotonic() - started:.1f}s)")

        draft = ruleset_draft(actor=SYSTEM, court=court)
        ruleset_update(
            actor=SYSTEM,
            rule_set=draft,
            procedure_weights={
                "civil_ordinary": 2,
                "civil_simple": 1,
                "civil_small_claims": 0.6,
                "civil_special": 0.4,
                "civil_payment_order": 0.3,
                "enforcement_objection": 0.5,
                "preservation": 0.3,
                "enforcement": 0.8,
                "criminal_ordinary": 1.5,
                "criminal_simple": 0.8,
                "criminal_fast": 0.5,
                "admin_ordinary": 2,
                "admin_simple": 1,
            },
            cause_weights={
                str(causes["建设工程施工合同纠纷"].pk): 1.5,
                str(causes["离婚纠纷"].pk): 1.2,
            },
            note="示范分案规则：繁简分流、人案均衡",
        )
        rule_add(
            actor=SYSTEM,
            rule_set=draft,
            cause=causes["借款合同纠纷"],
            complexity=RuleComplexity.COMPLEX,
            units=[units[0], units[3], units[31], units[32]],
            note="繁案借款纠纷由单元1、4、32、33审理",
        )
        rule_add(
            actor=SYSTEM,
            rule_set=draft,
            cause=causes["建设工程合同纠纷"],
            complexity=RuleComplexity.ANY,
            units=[units[31], units[32]],
            note="建设工程类集中审理",
        )
        ruleset_publish(actor=SYSTEM, rule_set=draft, note="v1")

        today = timezone.localdate()
        start = dt.date(today.year, 1, 5)
        span = (today - start).days
        weights = [m[3] for m in MIX]
        serials: dict[str, int] = {}
        rows = []
        for _i in range(CASES):
            cause, code, procedures, _w = rng.choices(MIX, weights=weights)[0]
            procedure = rng.choices(list(procedures), weights=list(procedures.values()))[0]
            serials[code] = serials.get(code, 0) + 1
            filed = start + dt.timedelta(days=int(span * (rng.random() ** 0.8)))
            rows.append(
                {
                    "case_number": f"（{today.year}）{court.code}{code}{serials[code]}号",
                    "cause": cause,
                    "procedure": procedure,
                    "filing_date": filed,
                    "parties": parties_for(rng, cause, procedure),
                }
            )
        rows.sort(key=lambda r: str(r["filing_date"]))
        cases_register_batch(
            actor=SYSTEM, court=court, rows=rows, source="import", label="demo ledger"
        )
        say(f"  cases: {len(rows)} cases registered ({time.monotonic() - started:.1f}s)")

        pending = set(
            Case.objects.filter(court=court)
            .order_by("-filing_date", "-pk")
            .values_list("pk", flat=True)[:20]
        )
        to_allocate = list(
            Case.objects.filter(court=court).exclude(pk__in=pending).values_list("pk", flat=True)
        )
        cases_allocate(actor=SYSTEM, court=court, case_ids=to_allocate)
        say(
            f"  cases: {len(to_allocate)} allocated, {len(pending)} left pending for the dry run ({time.monotonic() - started:.1f}s)"
        )

        # History: most cases closed well before their limit; the rest stay open, so that some
        # are near or past it.
        closed = []
        for case in (
            Case.objects.filter(court=court)
            .exclude(pk__in=pending)
            .only("pk", "status", "procedure", "filing_date", "time_limit_end")
        ):
            age = (today - case.filing_date).days
            # Long past its limit: almost always closed by now; a handful stay overdue.
            overdue = (
                case.time_limit_end is not None
                and case.time_limit_end < today - dt.timedelta(days=10)
            )
            chance = 0.99 if overdue else min(0.9, age / 150)
            if case.time_limit_end and rng.random() < chance:
                latest = min(
                    today,
                    case.time_limit_end
                    if rng.random() < 0.93
                    else case.time_limit_end + dt.timedelta(days=20),
                )
                if latest <= case.filing_date:
                    continue
                # The demo writes history, so each case walks its lifecycle through the model's
                # transitions (the FSM checks every step) and is saved below in one UPDATE per
                # case, without an audit event per historical step (tens of thousands).
                closing_date = case.filing_date + dt.timedelta(
                    days=rng.randint(1, (latest - case.filing_date).days)
                )
                case.close(
                    manner=rng.choice(_closing_pool(case.procedure)),
                    closing_date=closing_date,
                )
                if age > 150 and rng.random() < 0.6:
                    case.archive()
                closed.append(case)
            elif rng.random() < 0.5:
                case.start_trial()
                closed.append(case)
        for case in closed:  # one UPDATE each: cheaper than bulk_update's CASE expressions
            Case.objects.filter(pk=case.pk).update(
                status=case.status,
                closing_date=case.closing_date,
                closing_manner=case.closing_manner,
            )
        say(
            f"  cases: {sum(1 for c in closed if c.closing_date)} closed ({time.monotonic() - started:.1f}s)"
        )

        # A few time-limit events through the real services.
        open_ordinary = list(
            Case.objects.filter(
                court=court,
                status__in=CaseStatus.open_values(),
                procedure="civil_ordinary",
                trial_unit__isnull=False,
            ).order_by("filing_date")[:12]
        )
        for i, case in enumerate(open_ordinary):
            if i % 3 == 0:
                exclusion_add(
                    actor=SYSTEM,
                    case_id=case.pk,
                    kind=ExclusionKind.APPRAISAL if i % 2 else ExclusionKind.PUBLIC_NOTICE,
                    start_date=case.filing_date + dt.timedelta(days=20),
                    end_date=case.filing_date + dt.timedelta(days=50),
                    reason="委托司法鉴定" if i % 2 else "被告下落不明，公告送达",
                    approver="庭长",
                    evidence=f"审批表（{today.year}）第{100 + i}号",
                )
            elif i % 3 == 1:
                on = min(today, (case.time_limit_end or today) - dt.timedelta(days=20))
                if on > case.filing_date:
                    ext = extension_request(
                        actor=SYSTEM,
                        case_id=case.pk,
                        amount=3,
                        unit=PeriodUnit.MONTHS,
                        reason="案情复杂，需进一步调查",
                        requested_on=on,
                    )
                    extension_decide(
                        actor=SYSTEM,
                        extension_id=ext.pk,
                        approve=True,
                        approver="院长赵某",
                        evidence=f"延长审限审批表（{today.year}）第{i}号",
                        decided_on=on + dt.timedelta(days=5),
                    )
    say(f"  cases: demo register ready in {time.monotonic() - started:.1f}s")
