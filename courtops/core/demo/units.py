"""The demo court's 33 trial units and their people, each in the division (庭/局) that hears
the unit's cases: civil units in the two civil divisions, three family units (家事审判庭) that
share the divorce cases with the single-cause divorce unit, enforcement units in the
enforcement bureau, criminal and administrative units in their divisions, the special-procedure
units in the filing division (立案庭, which hears 特别程序 and 督促程序 in most basic courts).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.utils import timezone

from courtops.core.actors import SYSTEM
from courtops.core.cases.choices import UnitRole
from courtops.core.choices import AuditAction, DepartmentKind, Role
from courtops.core.demo.parties import person_name
from courtops.core.models import Department, Person, TrialUnit, TrialUnitMember
from courtops.core.services.audit import audit_record
from courtops.core.services.people import department_create

CIVIL_1 = "民事审判第一庭"
CIVIL_2 = "民事审判第二庭"
FAMILY = "家事审判庭"
CRIMINAL_DIV = "刑事审判庭"
ADMIN_DIV = "行政审判庭"
ENFORCEMENT_DIV = "执行局"
FILING_DIV = "立案庭"
DIVISIONS = {
    CIVIL_1: DepartmentKind.CIVIL,
    CIVIL_2: DepartmentKind.CIVIL,
    FAMILY: DepartmentKind.CIVIL,
    CRIMINAL_DIV: DepartmentKind.CRIMINAL,
    ADMIN_DIV: DepartmentKind.ADMINISTRATIVE,
    ENFORCEMENT_DIV: DepartmentKind.ENFORCEMENT,
    FILING_DIV: DepartmentKind.FILING,
}

SINGLE = [  # units 1–7: one cause each (the model court has 7 such units)
    ("民间借贷纠纷", CIVIL_1),
    ("离婚纠纷", FAMILY),
    ("机动车交通事故责任纠纷", CIVIL_1),
    ("金融借款合同纠纷", CIVIL_2),
    ("信用卡纠纷", CIVIL_2),
    ("物业服务合同纠纷", CIVIL_1),
    ("买卖合同纠纷", CIVIL_2),
]
FAMILY_CAUSES = [  # units 8–10 take divorce cases too, so no single unit carries them all
    "离婚纠纷",
    "离婚后财产纠纷",
    "同居关系纠纷",
    "抚养纠纷",
    "抚养费纠纷",
    "变更抚养关系纠纷",
    "赡养纠纷",
    "赡养费纠纷",
    "法定继承纠纷",
    "遗嘱继承纠纷",
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
    "相邻关系纠纷",
    "财产损害赔偿纠纷",
    "保险人代位求偿权纠纷",
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
JUDGES = 108  # 99 in units (3 each), the rest hold posts outside the units (立案庭)
ASSISTANTS = 150  # the demo ``assistant`` login and 149 more


@dataclass(frozen=True)
class UnitPlan:
    causes: list[str]
    handles_simple: bool
    handles_complex: bool
    department: str


def unit_plan() -> list[UnitPlan]:
    """Units 1..33 in order."""
    plan = [UnitPlan([c], True, True, dept) for c, dept in SINGLE]
    plan += [UnitPlan(FAMILY_CAUSES, True, True, FAMILY)] * 3  # 8–10
    for i in range(10):  # 11–20: mixed civil, 10 causes each
        causes = [CIVIL_MIX[(i * 7 + k) % len(CIVIL_MIX)] for k in range(10)]
        plan.append(UnitPlan(causes, True, i % 4 != 3, CIVIL_1 if i % 2 == 0 else CIVIL_2))
    plan += [UnitPlan(ENFORCEMENT, True, True, ENFORCEMENT_DIV)] * 6  # 21–26
    plan += [UnitPlan(CRIMINAL, True, True, CRIMINAL_DIV)] * 2  # 27–28
    plan += [UnitPlan(ADMIN, True, True, ADMIN_DIV)]  # 29
    plan += [UnitPlan(SPECIAL, True, False, FILING_DIV)] * 2  # 30–31
    plan += [UnitPlan(COMPLEX_CIVIL, False, True, CIVIL_2)] * 2  # 32–33
    return plan


def _people(court, role: str, prefix: str, count: int, password_hash: str, rng) -> list[Person]:
    existing = set(
        Person.objects.filter(username__startswith=prefix).values_list("username", flat=True)
    )
    rows = [
        Person(
            username=f"{prefix}{i:03d}",
            full_name=person_name(rng),
            role=role,
            court=court,
            password=password_hash,
            must_change_password=False,
            password_changed_at=timezone.now(),
        )
        for i in range(1, count + 1)
        if f"{prefix}{i:03d}" not in existing
    ]
    Person.objects.bulk_create(rows)
    # only the generated accounts (j001…, a001…), not the demo logins "judge" and "assistant"
    return list(
        Person.objects.filter(username__regex=rf"^{prefix}\d+$", court=court).order_by("username")
    )


def load_units(*, court, causes: dict, password_hash: str, rng: random.Random) -> list[TrialUnit]:
    """Create the units, their judges and assistants; each person joins the division of the
    unit they work in. Returns the units by number."""
    plan = unit_plan()
    depts = {d.name: d for d in Department.objects.filter(court=court)}
    for name, kind in DIVISIONS.items():
        if name not in depts:
            depts[name] = department_create(actor=SYSTEM, court=court, name=name, kind=kind)
    judges = _people(court, Role.JUDGE, "j", JUDGES, password_hash, rng)
    assistants = _people(court, Role.ASSISTANT, "a", ASSISTANTS - 1, password_hash, rng)
    demo_judge = Person.objects.filter(username="judge", court=court).first()
    demo_assistant = Person.objects.filter(username="assistant", court=court).first()
    if demo_judge:
        judges = [demo_judge, *judges[:-1]]
    if demo_assistant:
        assistants = [demo_assistant, *assistants]
    TrialUnit.objects.bulk_create(
        TrialUnit(
            court=court,
            number=number,
            name=f"单元{number}",
            handles_simple=p.handles_simple,
            handles_complex=p.handles_complex,
        )
        for number, p in enumerate(plan, start=1)
    )
    units = list(TrialUnit.objects.filter(court=court).order_by("number"))
    through = TrialUnit.causes.through
    through.objects.bulk_create(
        through(trialunit_id=unit.pk, casecause_id=causes[name].pk)
        for unit, p in zip(units, plan, strict=True)
        for name in dict.fromkeys(p.causes)
    )
    members: list[TrialUnitMember] = []
    staff_of: dict[int, list[int]] = {i: [] for i in range(len(units))}
    for i, unit in enumerate(units):
        for judge in judges[i * 3 : i * 3 + 3]:
            members.append(TrialUnitMember(unit=unit, person=judge, role=UnitRole.JUDGE))
            staff_of[i].append(judge.pk)
    for i, assistant in enumerate(assistants):
        members.append(
            TrialUnitMember(unit=units[i % len(units)], person=assistant, role=UnitRole.ASSISTANT)
        )
        staff_of[i % len(units)].append(assistant.pk)
    TrialUnitMember.objects.bulk_create(members)
    by_department: dict[str, list[int]] = {}
    for i, p in enumerate(plan):
        by_department.setdefault(p.department, []).extend(staff_of[i])
    by_department.setdefault(FILING_DIV, []).extend(j.pk for j in judges[len(units) * 3 :])
    for name, person_ids in by_department.items():
        Person.objects.filter(pk__in=person_ids).update(department=depts[name])
    audit_record(
        actor=SYSTEM,
        action=AuditAction.CREATE,
        obj=court,
        object_type="core.trialunit",
        object_repr="demo units",
        changes={"units": len(units), "members": len(members)},
    )
    return units
