"""Demo case register shaped like the model court: 33 trial units (7 with a single cause),
109 judges (99 in units), 150 assistants, ~4,000 cases of 2026 across the common causes and
procedures — most closed, some open, some near or past their time limit, a few pending for
the allocation dry run. The demo ``judge`` and ``assistant`` logins work in unit 1.

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
    RuleComplexity,
    UnitRole,
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
from courtops.core.choices import AuditAction, Role
from courtops.core.demo.foundation import DEMO_PASSWORD
from courtops.core.models import Case, CaseCause, Department, Person, TrialUnit, TrialUnitMember
from courtops.core.services.audit import audit_record

SEED = 1971
CASES = 4000
SINGLE = [
    "民间借贷纠纷",
    "离婚纠纷",
    "机动车交通事故责任纠纷",
    "金融借款合同纠纷",
    "信用卡纠纷",
    "物业服务合同纠纷",
    "买卖合同纠纷",
]
CIVIL_MIX = [
    "民间借贷纠纷",
    "买卖合同纠纷",
    "劳动争议",
    "追索劳动报酬纠纷",
    "确认劳动关系纠纷",
    "劳务合同纠纷",
    "房屋租赁合同纠纷",
    "房屋买卖合同纠纷",
    "借款合同纠纷",
    "小额借款合同纠纷",
    "追偿权纠纷",
    "保证合同纠纷",
    "承揽合同纠纷",
    "服务合同纠纷",
    "生命权、身体权、健康权纠纷",
    "提供劳务者受害责任纠纷",
    "不当得利纠纷",
    "抚养纠纷",
    "赡养纠纷",
    "法定继承纠纷",
    "相邻关系纠纷",
    "财产损害赔偿纠纷",
    "保险人代位求偿权纠纷",
    "离婚后财产纠纷",
    "同居关系纠纷",
    "返还原物纠纷",
    "排除妨害纠纷",
    "装饰装修合同纠纷",
]
COMPLEX_CIVIL = [
    "建设工程施工合同纠纷",
    "融资租赁合同纠纷",
    "商品房预售合同纠纷",
    "劳动合同纠纷",
    "医疗损害责任纠纷",
    "产品责任纠纷",
    "金融借款合同纠纷",
    "民间借贷纠纷",
    "买卖合同纠纷",
]
ENFORCEMENT = [
    "申请执行民事判决",
    "申请执行调解书",
    "申请执行仲裁裁决",
    "申请执行公证债权文书",
    "执行异议",
    "执行复议",
]
CRIMINAL = ["盗窃罪", "诈骗罪", "危险驾驶罪", "交通肇事罪", "开设赌场罪"]
ADMIN = ["行政处罚", "行政强制", "行政登记"]
SPECIAL = [
    "申请实现担保物权",
    "申请司法确认调解协议",
    "申请支付令",
    "申请人身安全保护令",
    "申请诉前财产保全",
    "申请诉中财产保全",
]

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
    ("融资租赁合同纠纷", "民初", {"civil_ordinary": 1}, 1),
    ("申请执行民事判决", "执", {"enforcement": 1}, 9),
    ("申请执行调解书", "执", {"enforcement": 1}, 3),
    ("申请执行仲裁裁决", "执", {"enforcement": 1}, 1),
    ("执行异议", "执异", {"enforcement": 1}, 1),
    ("盗窃罪", "刑初", {"criminal_fast": 4, "criminal_simple": 4, "criminal_ordinary": 2}, 2),
    ("危险驾驶罪", "刑初", {"criminal_fast": 7, "criminal_simple": 3}, 2),
    ("诈骗罪", "刑初", {"criminal_ordinary": 6, "criminal_simple": 4}, 1),
    ("行政处罚", "行初", {"admin_ordinary": 6, "admin_simple": 4}, 1),
    ("申请实现担保物权", "民特", {"civil_special": 1}, 1),
    ("申请司法确认调解协议", "民特", {"civil_special": 1}, 2),
    ("申请支付令", "民督", {"civil_special": 1}, 1),
    ("申请诉前财产保全", "财保", {"preservation": 1}, 1),
]
CLOSING = {
    "enforcement": [ClosingManner.ENFORCED, ClosingManner.TERMINATED, ClosingManner.WITHDRAWAL],
    "civil_special": [ClosingManner.RULING, ClosingManner.WITHDRAWAL],
    "preservation": [ClosingManner.RULING],
}
CIVIL_CLOSING = (
    [ClosingManner.JUDGMENT] * 4
    + [ClosingManner.MEDIATION] * 3
    + [ClosingManner.WITHDRAWAL] * 2
    + [ClosingManner.DISMISSAL, ClosingManner.TRANSFER]
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
GIVEN = "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉玲斌宇浩凯健俊帆帅旭宁婷雪琳晨欣怡佳子涵梓轩博文思远志诚嘉乐建国海燕晓东振华"
STREETS = [
    "南城街道鸿福路",
    "东城街道东纵大道",
    "莞城街道市桥路",
    "万江街道金鳌大道",
    "石龙镇西湖路",
    "虎门镇连升路",
    "长安镇长青路",
    "塘厦镇迎宾大道",
    "常平镇常东路",
    "松山湖大道",
]
COMPANY_WORDS = [
    "贸易",
    "电子",
    "物业管理",
    "建设工程",
    "小额贷款",
    "科技",
    "五金制品",
    "物流",
    "餐饮管理",
    "房地产开发",
]
BANKS = [
    "中国工商银行股份有限公司东莞分行",
    "中国建设银行股份有限公司东莞分行",
    "东莞农村商业银行股份有限公司",
    "招商银行股份有限公司东莞分行",
]
W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _id_number(rng: random.Random) -> str:
    birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(365 * 48))
    body = f"4419{rng.randrange(0, 100):02d}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W, strict=True)) % 11]


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(["138", "139", "135", "137", "150", "186", "189", "177"])
        + f"{rng.randrange(10**8):08d}"
    )


def _address(rng: random.Random) -> str:
    return f"广东省东莞市{rng.choice(STREETS)}{rng.randrange(1, 300)}号"


def _person_party(rng, role):
    return {
        "role": role,
        "kind": "person",
        "name": _name(rng),
        "id_number": _id_number(rng),
        "phone": _phone(rng),
        "address": _address(rng),
    }


def _org_party(rng, role, name=None):
    name = (
        name
        or f"东莞市{rng.choice('华鑫顺达宏远盛泰恒丰')}{rng.choice('华鑫顺达宏远盛泰恒丰')}{rng.choice(COMPANY_WORDS)}有限公司"
    )
    return {
        "role": role,
        "kind": "organisation",
        "name": name,
        "phone": f"0769{rng.randrange(10**8):08d}",
        "address": _address(rng),
    }


def _parties(rng, cause: str, procedure: str) -> list[dict]:
    if procedure == "enforcement":
        return [_person_party(rng, "applicant_enforcement"), _person_party(rng, "person_subject")]
    if procedure.startswith("criminal"):
        return [
            _org_party(rng, "prosecutor", "东莞市第一市区人民检察院"),
            _person_party(rng, "accused"),
        ]
    if procedure in ("civil_special", "preservation"):
        return [_person_party(rng, "applicant"), _person_party(rng, "respondent")]
    if cause in ("金融借款合同纠纷", "信用卡纠纷"):
        return [_org_party(rng, "plaintiff", rng.choice(BANKS)), _person_party(rng, "defendant")]
    if cause == "物业服务合同纠纷":
        return [_org_party(rng, "plaintiff"), _person_party(rng, "defendant")]
    if procedure.startswith("admin"):
        return [
            _person_party(rng, "plaintiff"),
            _org_party(rng, "defendant", "东莞市市场监督管理局"),
        ]
    return [_person_party(rng, "plaintiff"), _person_party(rng, "defendant")]


def _people(
    court, role: str, prefix: str, count: int, department, password_hash: str, rng
) -> list[Person]:
    existing = set(
        Person.objects.filter(username__startswith=prefix).values_list("username", flat=True)
    )
    rows = [
        Person(
            username=f"{prefix}{i:03d}",
            full_name=_name(rng),
            role=role,
            court=court,
            department=department,
            password=password_hash,
            must_change_password=False,
            password_changed_at=timezone.now(),
        )
        for i in range(1, count + 1)
        if f"{prefix}{i:03d}" not in existing
    ]
    Person.objects.bulk_create(rows)
    return list(
        Person.objects.filter(username__startswith=prefix, court=court).order_by("username")
    )


def _unit_plan() -> list[tuple[list[str], bool, bool]]:
    """(causes, handles_simple, handles_complex) for units 1..33."""
    plan = [([c], True, True) for c in SINGLE]  # 1–7: one cause each
    for i in range(13):  # 8–20: mixed civil, 10 causes each
        plan.append(
            ([CIVIL_MIX[(i * 7 + k) % len(CIVIL_MIX)] for k in range(10)], True, i % 4 != 3)
        )
    plan += [(ENFORCEMENT, True, True)] * 6  # 21–26
    plan += [(CRIMINAL, True, True)] * 2  # 27–28
    plan += [(ADMIN, True, True)]  # 29
    plan += [(SPECIAL, True, False)] * 2  # 30–31
    plan += [(COMPLEX_CIVIL, False, True)] * 2  # 32–33
    return plan


def load(*, court, stdout=None) -> None:
    say = stdout.write if stdout else (lambda _m: None)
    if TrialUnit.objects.filter(court=court).exists():
        say("  cases: trial units exist already, nothing to do")
        return
    started = time.monotonic()
    rng = random.Random(SEED)
    causes = cause_index(CaseCause.objects.for_court(court.pk))
    password_hash = make_password(DEMO_PASSWORD)  # once: 259 people share it (demo only)
    civil = Department.objects.filter(court=court, name="民事审判第一庭").first()
    with transaction.atomic():
        judges = _people(court, Role.JUDGE, "j", 108, civil, password_hash, rng)
        assistants = _people(court, Role.ASSISTANT, "a", 149, civil, password_hash, rng)
        demo_judge = Person.objects.filter(username="judge", court=court).first()
        demo_assistant = Person.objects.filter(username="assistant", court=court).first()
        if demo_judge:
            judges = [demo_judge, *judges[:-1]]
        if demo_assistant:
            assistants = [demo_assistant, *assistants[:-1]]
        units, members = [], []
        for number, (_names, simple, complex_) in enumerate(_unit_plan(), start=1):
            units.append(
                TrialUnit(
                    court=court,
                    number=number,
                    name=f"单元{number}",
                    handles_simple=simple,
                    handles_complex=complex_,
                )
            )
        TrialUnit.objects.bulk_create(units)
        units = list(TrialUnit.objects.filter(court=court).order_by("number"))
        through = TrialUnit.causes.through
        links = []
        for unit, (names, _s, _c) in zip(units, _unit_plan(), strict=True):
            for name in dict.fromkeys(names):
                links.append(through(trialunit_id=unit.pk, casecause_id=causes[name].pk))
        through.objects.bulk_create(links)
        for i, unit in enumerate(units):
            for judge in judges[i * 3 : i * 3 + 3]:
                members.append(TrialUnitMember(unit=unit, person=judge, role=UnitRole.JUDGE))
        for i, assistant in enumerate(assistants):
            members.append(
                TrialUnitMember(
                    unit=units[i % len(units)], person=assistant, role=UnitRole.ASSISTANT
                )
            )
        TrialUnitMember.objects.bulk_create(members)
        audit_record(
            actor=SYSTEM,
            action=AuditAction.CREATE,
            obj=court,
            object_type="core.trialunit",
            object_repr="demo units",
            changes={"units": len(units), "members": len(members)},
        )
        say(
            f"  cases: {len(units)} units, {len(judges)} judges, {len(assistants)} assistants ({time.monotonic() - started:.1f}s)"
        )

        draft = ruleset_draft(actor=SYSTEM, court=court)
        ruleset_update(
            actor=SYSTEM,
            rule_set=draft,
            procedure_weights={
                "civil_ordinary": 2,
                "civil_simple": 1,
                "civil_small_claims": 0.6,
                "civil_special": 0.4,
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
                    "parties": _parties(rng, cause, procedure),
                }
            )
        rows.sort(key=lambda r: r["filing_date"])
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
                    manner=rng.choice(CLOSING.get(case.procedure, CIVIL_CLOSING)),
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
