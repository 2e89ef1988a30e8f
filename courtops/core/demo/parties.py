"""Invented parties for the demo register: names, identity numbers, phones and addresses in
the shape of Dongguan's (all fictitious, demo data only)."""

from __future__ import annotations

import datetime as dt
import random

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


def person_name(rng: random.Random) -> str:
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
        "name": person_name(rng),
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


def parties_for(rng, cause: str, procedure: str) -> list[dict]:
    if procedure == "enforcement":
        return [_person_party(rng, "applicant_enforcement"), _person_party(rng, "person_subject")]
    if procedure.startswith("criminal"):
        return [
            _org_party(rng, "prosecutor", "东莞市第一市区人民检察院"),
            _person_party(rng, "accused"),
        ]
    if procedure in (
        "civil_special",
        "civil_payment_order",
        "enforcement_objection",
        "preservation",
    ):
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
