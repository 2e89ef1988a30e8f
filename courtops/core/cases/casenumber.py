"""Case numbers (案号) in the SPC format: （year）court code [specialised code] type code serial 号.

《关于人民法院案件案号的若干规定》 (法〔2015〕137号, amended 2018): e.g. （2024）粤1971民初1234号.
Full-width and half-width brackets are accepted and stored full-width; the serial is stored
without leading zeros. The pre-2016 form （2014）海民初字第5号 is accepted as legacy data and
kept in that form. Errors name what is wrong, so a clerk can correct the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from courtops.core.cases.choices import Procedure
from courtops.core.exceptions import ValidationFailed

# 类型代字 → (standard numeric code, case type, procedure the case starts in).
# Source: 《人民法院案件类型及其代字标准》 as implemented by a court-IT vendor (domain facts §3.2).
TYPE_CODES: dict[str, tuple[str, str, str]] = {
    "民初": ("0301", "民事一审", Procedure.ORDINARY),
    "民终": ("0302", "民事二审", Procedure.SECOND_INSTANCE),
    "民监": ("0304", "依职权再审审查", Procedure.ORDINARY),
    "民申": ("0305", "申请再审审查", Procedure.ORDINARY),
    "民抗": ("0306", "抗诉再审审查", Procedure.ORDINARY),
    "民再": ("0307", "民事再审", Procedure.ORDINARY),
    "民撤": ("0308", "第三人撤销之诉", Procedure.ORDINARY),
    "民特": ("0310", "特别程序", Procedure.SPECIAL),
    "民催": ("0326", "公示催告", Procedure.SPECIAL),
    "民督": ("0328", "申请支付令", Procedure.PAYMENT_ORDER),
    "民保令": ("0332", "人身安全保护令申请", Procedure.SPECIAL),
    "民保更": ("0333", "人身安全保护令变更", Procedure.SPECIAL),
    "民辖": ("0104", "民事管辖", Procedure.ORDINARY),
    "民辖终": ("0106", "民事管辖上诉", Procedure.SECOND_INSTANCE_RULING),
    "民辖监": ("0108", "民事管辖监督", Procedure.ORDINARY),
    "财保": ("0901", "非诉财产保全审查", Procedure.PRESERVATION),
    "行保": ("0902", "非诉行为保全审查", Procedure.PRESERVATION),
    "证保": ("0904", "证据保全审查", Procedure.PRESERVATION),
    "执": ("1002", "首次执行", Procedure.ENFORCEMENT),
    "执恢": ("1003", "恢复执行", Procedure.ENFORCEMENT),
    "执保": ("1004", "财产保全执行", Procedure.ENFORCEMENT),
    "执异": ("1006", "执行异议", Procedure.ENFORCEMENT_OBJECTION),
    "执复": ("1007", "执行复议", Procedure.ENFORCEMENT),
    "执监": ("1008", "执行监督", Procedure.ENFORCEMENT),
    "执协": ("1009", "执行协调", Procedure.ENFORCEMENT),
    "执他": ("1010", "其他执行", Procedure.ENFORCEMENT),
    "刑初": ("0201", "刑事一审", Procedure.CRIMINAL_ORDINARY),
    "刑终": ("0202", "刑事二审", Procedure.SECOND_INSTANCE),
    "刑更": ("0224", "刑罚与执行变更", Procedure.CRIMINAL_ORDINARY),
    "行初": ("0401", "行政一审", Procedure.ADMIN_ORDINARY),
    "行终": ("0402", "行政二审", Procedure.SECOND_INSTANCE),
    "行审": ("0409", "非诉行政行为申请执行审查", Procedure.ADMIN_ORDINARY),
    "司惩": ("0802", "司法制裁", Procedure.SPECIAL),
    "司救": ("0518", "司法救助", Procedure.SPECIAL),
    "司救刑": ("0518", "刑事司法救助", Procedure.SPECIAL),
    "司救民": ("0519", "民事司法救助", Procedure.SPECIAL),
    "司救行": ("0520", "行政司法救助", Procedure.SPECIAL),
    "司救赔": ("0521", "国家赔偿司法救助", Procedure.SPECIAL),
    "司救执": ("0522", "执行司法救助", Procedure.SPECIAL),
    "司救访": ("0523", "涉诉信访司法救助", Procedure.SPECIAL),
    "司救他": ("0524", "其他司法救助", Procedure.SPECIAL),
    "法赔": ("0510", "法院自赔", Procedure.SPECIAL),
    "清申": ("1102", "强制清算申请审查", Procedure.SPECIAL),
    "破申": ("1103", "破产申请审查", Procedure.SPECIAL),
    "强清": ("1110", "强制清算", Procedure.SPECIAL),
    "破": ("1112", "破产", Procedure.SPECIAL),
    "民诉前调": ("", "诉前调解", Procedure.SPECIAL),
}

# 专门审判代字 (2018 amendment): one character set by the SPC.
SPECIAL_CODES = {"知": "知识产权", "金": "金融", "环": "环境资源"}

_SHAPE = re.compile(r"^（(?P<year>[^）]*)）(?P<middle>.*?)(?P<serial>\d*)号$")
_LEGACY = re.compile(r"^（(?P<year>\d{4})）(?P<middle>[\u4e00-\u9fa5\d]+?)字第(?P<serial>\d+)号$")
_COURT_WITH_DIGITS = re.compile(r"^(?P<court>[\u4e00-\u9fa5]{1,3}\d{1,4})(?P<rest>\D*)$")
_HAN = re.compile(r"^[\u4e00-\u9fa5]+$")
_TYPES_LONGEST_FIRST = sorted(TYPE_CODES, key=len, reverse=True)


@dataclass(frozen=True)
class CaseNumber:
    """A parsed case number. ``str()`` gives the canonical form."""

    year: int
    court_code: str
    type_code: str
    serial: int
    special_code: str = ""
    legacy: bool = False

    def __str__(self) -> str:
        if self.legacy:
            return f"（{self.year}）{self.court_code}{self.type_code}字第{self.serial}号"
        return f"（{self.year}）{self.court_code}{self.special_code}{self.type_code}{self.serial}号"

    @property
    def procedure(self) -> str:
        return TYPE_CODES[self.type_code][2] if self.type_code in TYPE_CODES else ""

    @property
    def type_label(self) -> str:
        return TYPE_CODES[self.type_code][1] if self.type_code in TYPE_CODES else ""


def normalise(raw: str) -> str:
    """Full-width brackets, no spaces, full-width digits folded to ASCII."""
    text = "".join(str(raw or "").split())
    text = text.replace("(", "（").replace(")", "）").replace("〔", "（").replace("〕", "）")
    text = text.replace("[", "（").replace("]", "）")
    return text.translate({0xFF10 + i: ord("0") + i for i in range(10)})


def _fail(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="case_number", errors=[message])


def _split_type(rest: str, shown: str) -> tuple[str, str]:
    """(special code, type code) of the part after the court code."""
    special = ""
    if rest[:1] in SPECIAL_CODES and rest[1:] in TYPE_CODES:
        special, rest = rest[:1], rest[1:]
    if rest not in TYPE_CODES:
        if not rest:
            raise _fail(_("Case number %(n)s has no type code (e.g. 民初).") % {"n": shown})
        raise _fail(
            _("Case number %(n)s: type code %(code)s is unknown.") % {"n": shown, "code": rest}
        )
    return special, rest


def parse(raw: str) -> CaseNumber:
    """Parse and validate; raise ``ValidationFailed`` naming the faulty element."""
    text = normalise(raw)
    shown = text or str(raw)
    if not text:
        raise _fail(_("The case number is empty."))
    legacy = _LEGACY.match(text)
    if legacy:
        middle = legacy["middle"]
        for code in _TYPES_LONGEST_FIRST:
            if middle.endswith(code) and len(middle) > len(code):
                return CaseNumber(
                    year=int(legacy["year"]),
                    court_code=middle[: -len(code)],
                    type_code=code,
                    serial=int(legacy["serial"]),
                    legacy=True,
                )
        raise _fail(
            _("Case number %(n)s: type code in %(part)s is unknown.") % {"n": shown, "part": middle}
        )
    if not text.startswith("（"):
        raise _fail(
            _("Case number %(n)s must start with the year in brackets, e.g. （2024）.")
            % {"n": shown}
        )
    if not text.endswith("号"):
        raise _fail(_("Case number %(n)s must end with 号.") % {"n": shown})
    match = _SHAPE.match(text)
    if not match:
        raise _fail(_("Case number %(n)s has no closing bracket after the year.") % {"n": shown})
    year_text = match["year"]
    if not re.fullmatch(r"\d{4}", year_text) or not 1949 <= int(year_text) <= 2100:
        raise _fail(
            _("Case number %(n)s: year %(year)s is not a four-digit year.")
            % {"n": shown, "year": year_text}
        )
    if not match["serial"]:
        raise _fail(_("Case number %(n)s has no serial number before 号.") % {"n": shown})
    serial = int(match["serial"])
    if serial < 1 or len(match["serial"]) > 8:
        raise _fail(
            _("Case number %(n)s: serial number %(s)s is out of range.")
            % {"n": shown, "s": match["serial"]}
        )
    middle = match["middle"]
    if not middle or not _HAN.match(middle[0]):
        raise _fail(_("Case number %(n)s has no valid court code.") % {"n": shown})
    with_digits = _COURT_WITH_DIGITS.match(middle)
    if with_digits:
        court, rest = with_digits["court"], with_digits["rest"]
        special, type_code = _split_type(rest, shown)
    else:
        # Courts without digits (最高法, 粤 for a high court): the shortest prefix that leaves a
        # known type code.
        for size in range(1, min(4, len(middle))):
            court, rest = middle[:size], middle[size:]
            try:
                special, type_code = _split_type(rest, shown)
                break
            except ValidationFailed:
                continue
        else:
            special, type_code = _split_type(middle[1:], shown)  # raises with the type named
            court = middle[:1]
    return CaseNumber(
        year=int(year_text),
        court_code=court,
        type_code=type_code,
        serial=serial,
        special_code=special,
    )


def canonical(raw: str) -> str:
    return str(parse(raw))
