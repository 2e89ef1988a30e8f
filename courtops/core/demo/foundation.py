"""Demo court, companies and one login per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from courtops.core.actors import SYSTEM
from courtops.core.choices import DepartmentKind, Role
from courtops.core.models import Company, Court, Department, Person
from courtops.core.services.people import (
    company_create,
    court_create,
    department_create,
    person_create,
)

DEMO_PASSWORD = "Demo-Passw0rd-2026"  # noqa: S105 (published demo password, demo data only)
COURT_CODE = "粤1971"
OTHER_COURT_CODE = "粤0703"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    org: str


DEPARTMENTS = [
    ("审判管理办公室", DepartmentKind.OFFICE),
    ("立案庭", DepartmentKind.FILING),
    ("民事审判第一庭", DepartmentKind.CIVIL),
    ("民事审判第二庭", DepartmentKind.CIVIL),
    ("家事审判庭", DepartmentKind.CIVIL),
    ("刑事审判庭", DepartmentKind.CRIMINAL),
    ("行政审判庭", DepartmentKind.ADMINISTRATIVE),
    ("执行局", DepartmentKind.ENFORCEMENT),
    ("诉讼服务中心", DepartmentKind.SERVICE),
    ("档案室", DepartmentKind.ARCHIVES),
]

COMPANIES = [
    ("粤信司法辅助服务有限公司", "91441900MA4W8K2L3X", False),
    ("东莞市速录信息技术有限公司", "91441900MA52RT6P1Q", False),
    ("中国邮政集团有限公司东莞市分公司", "91441900MA4UK5XR2N", True),
]

LOGINS = [
    # username, full name, role, department or company name
    ("office", "陈审管", Role.OFFICE, "审判管理办公室"),
    ("judge", "李法官", Role.JUDGE, "民事审判第一庭"),
    ("assistant", "王助理", Role.ASSISTANT, "民事审判第一庭"),
    ("leader", "赵院长", Role.LEADERSHIP, "审判管理办公室"),
    ("supervisor", "刘主管", Role.VENDOR_SUPERVISOR, "粤信司法辅助服务有限公司"),
    ("staff", "黄服务", Role.VENDOR_STAFF, "粤信司法辅助服务有限公司"),
    ("postal", "周邮政", Role.VENDOR_STAFF, "中国邮政集团有限公司东莞市分公司"),
]


def load_foundation(*, stdout=None) -> Court:
    """Create (once) the demo court, a second court, departments, companies and demo logins."""
    with transaction.atomic():
        court = Court.objects.filter(code=COURT_CODE).first() or court_create(
            actor=SYSTEM,
            code=COURT_CODE,
            name="东莞市第一人民法院",
            province="广东",
            short_name="东莞一院",
        )
        Court.objects.filter(code=OTHER_COURT_CODE).first() or court_create(
            actor=SYSTEM,
            code=OTHER_COURT_CODE,
            name="江门市蓬江区人民法院",
            province="广东",
            short_name="蓬江法院",
        )
        depts = {}
        for name, kind in DEPARTMENTS:
            depts[name] = Department.objects.filter(
                court=court, name=name
            ).first() or department_create(actor=SYSTEM, court=court, name=name, kind=kind)
        companies = {}
        for name, code, postal in COMPANIES:
            companies[name] = Company.objects.filter(name=name).first() or company_create(
                actor=SYSTEM, name=name, credit_code=code, courts=[court], is_postal=postal
            )
        for username, full_name, role, org in LOGINS:
            if Person.objects.filter(username=username).exists():
                continue
            company_role = role in Role.company_roles()
            person_create(
                actor=SYSTEM,
                username=username,
                full_name=full_name,
                role=role,
                password=DEMO_PASSWORD,
                court=None if company_role else court,
                company=companies[org] if company_role else None,
                department=None if company_role else depts[org],
                must_change_password=False,
            )
        # the installation's administrator: changes the installation-wide standards
        if not Person.objects.filter(username=PLATFORM_ADMIN[0]).exists():
            Person.objects.create_superuser(
                PLATFORM_ADMIN[0],
                DEMO_PASSWORD,
                full_name=PLATFORM_ADMIN[1],
                must_change_password=False,
            )
    if stdout:
        stdout.write(f"demo court {court.code} {court.name}: foundation ready")
    return court


PLATFORM_ADMIN = ("platform", "平台管理员")


def demo_logins() -> list[DemoLogin]:
    return [DemoLogin(u, n, str(Role(r).label), o) for u, n, r, o in LOGINS] + [
        DemoLogin(
            PLATFORM_ADMIN[0], PLATFORM_ADMIN[1], str(_("Platform administrator")), "全部法院"
        )
    ]
