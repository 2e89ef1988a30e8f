"""Excel import of the court's case ledger (台账).

The template (``template_workbook``) has Chinese headers; a column may be missing only if it is
optional. Every row is checked before anything is saved: errors come back by row and column
and nothing is imported if any row fails; a case number already in the register is skipped,
so importing the same file twice creates no duplicates. Several parties of one side go in one
cell separated by 、 (their ID numbers, phones and addresses likewise, in the same order).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from courtops.core.actors import Actor
from courtops.core.cases import casenumber
from courtops.core.cases.choices import CaseSource, Complexity, PartyKind, PartyRole, Procedure
from courtops.core.cases.services import cases_register_batch
from courtops.core.excel import RowLimit, formulas_without_value, open_workbook
from courtops.core.exceptions import ValidationFailed
from courtops.core.models import Court

# header → (field, required)
COLUMNS: list[tuple[str, str, bool]] = [
    ("案号", "case_number", True),
    ("案由", "cause", True),
    ("审理程序", "procedure", False),
    ("繁简", "complexity", False),
    ("立案日期", "filing_date", True),
    ("原告/申请人", "side_a", False),
    ("原告证件号码", "side_a_id", False),
    ("原告联系电话", "side_a_phone", False),
    ("原告地址", "side_a_address", False),
    ("被告/被申请人", "side_b", False),
    ("被告证件号码", "side_b_id", False),
    ("被告联系电话", "side_b_phone", False),
    ("被告地址", "side_b_address", False),
]
HEADER_OF = {field: header for header, field, _r in COLUMNS}

PROCEDURE_NAMES = {
    "普通程序": Procedure.ORDINARY,
    "普通": Procedure.ORDINARY,
    "简易程序": Procedure.SIMPLE,
    "简易": Procedure.SIMPLE,
    "小额诉讼程序": Procedure.SMALL_CLAIMS,
    "小额诉讼": Procedure.SMALL_CLAIMS,
    "小额": Procedure.SMALL_CLAIMS,
    "特别程序": Procedure.SPECIAL,
    "二审": Procedure.SECOND_INSTANCE,
    "第二审程序": Procedure.SECOND_INSTANCE,
    "二审（裁定）": Procedure.SECOND_INSTANCE_RULING,
    "执行": Procedure.ENFORCEMENT,
    "执行程序": Procedure.ENFORCEMENT,
    "刑事普通程序": Procedure.CRIMINAL_ORDINARY,
    "刑事简易程序": Procedure.CRIMINAL_SIMPLE,
    "速裁程序": Procedure.CRIMINAL_FAST_TRACK,
    "行政普通程序": Procedure.ADMIN_ORDINARY,
    "行政简易程序": Procedure.ADMIN_SIMPLE,
    "保全": Procedure.PRESERVATION,
    "保全程序": Procedure.PRESERVATION,
}
COMPLEXITY_NAMES = {
    "简": Complexity.SIMPLE,
    "简案": Complexity.SIMPLE,
    "繁": Complexity.COMPLEX,
    "繁案": Complexity.COMPLEX,
}
ORG_MARKERS = (
    "公司",
    "银行",
    "局",
    "委员会",
    "中心",
    "厂",
    "店",
    "院",
    "所",
    "协会",
    "合作社",
    "部",
    "集团",
    "检察",
)

SIDES: dict[str, tuple[str, str]] = {  # procedure → (role of side A, role of side B)
    Procedure.ENFORCEMENT: (PartyRole.APPLICANT_ENFORCEMENT, PartyRole.PERSON_SUBJECT),
    Procedure.SPECIAL: (PartyRole.APPLICANT, PartyRole.RESPONDENT),
    Procedure.PRESERVATION: (PartyRole.APPLICANT, PartyRole.RESPONDENT),
    Procedure.SECOND_INSTANCE: (PartyRole.APPELLANT, PartyRole.APPELLEE),
    Procedure.SECOND_INSTANCE_RULING: (PartyRole.APPELLANT, PartyRole.APPELLEE),
    Procedure.CRIMINAL_ORDINARY: (PartyRole.PROSECUTOR, PartyRole.ACCUSED),
    Procedure.CRIMINAL_SIMPLE: (PartyRole.PROSECUTOR, PartyRole.ACCUSED),
    Procedure.CRIMINAL_FAST_TRACK: (PartyRole.PROSECUTOR, PartyRole.ACCUSED),
}


def party_kind(name: str) -> str:
    return PartyKind.ORGANISATION if any(m in name for m in ORG_MARKERS) else PartyKind.PERSON


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _split(value: Any) -> list[str]:
    text = _text(value)
    return [p.strip() for p in text.replace("，", "、").split("、")] if text else []


def _parties(row: dict[str, Any], procedure: str, columns: dict[str, str]) -> list[dict]:
    """Parties of both sides; ``columns`` learns which header each party field came from."""
    roles = SIDES.get(procedure, (PartyRole.PLAINTIFF, PartyRole.DEFENDANT))
    parties: list[dict] = []
    for side, role in (("side_a", roles[0]), ("side_b", roles[1])):
        names = _split(row.get(side))
        ids, phones, addresses = (
            _split(row.get(f"{side}_{k}")) for k in ("id", "phone", "address")
        )
        for i, name in enumerate(names):
            n = len(parties)
            columns[f"parties[{n}].name"] = columns[f"parties[{n}].role"] = HEADER_OF[side]
            columns[f"parties[{n}].kind"] = HEADER_OF[side]
            for key in ("id", "phone", "address"):
                field = {"id": "id_number"}.get(key, key)
                columns[f"parties[{n}].{field}"] = HEADER_OF[f"{side}_{key}"]
            parties.append(
                {
                    "role": role,
                    "kind": party_kind(name),
                    "name": name,
                    "id_number": ids[i] if i < len(ids) else "",
                    "phone": phones[i] if i < len(phones) else "",
                    "address": addresses[i] if i < len(addresses) else "",
                }
            )
    return parties


def read_rows(source, *, progress: Callable[[int], None] | None = None) -> list[dict[str, Any]]:
    """The ledger's data rows as case input dicts (with ``_row`` and ``_columns`` for errors)."""
    # Sizes, compression and declared rows/cells are checked before anything is parsed.
    workbook, data = open_workbook(source)
    if not workbook.worksheets:
        workbook.close()
        raise ValidationFailed(_("The workbook has no sheet."), field="file")
    sheet = workbook.worksheets[0]
    unsaved = formulas_without_value(data, sheet.title)
    limit = RowLimit()
    rows = sheet.iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    index = {h: i for i, h in enumerate(header) if h}
    missing = [h for h, _f, required in COLUMNS if required and h not in index]
    if missing:
        workbook.close()
        raise ValidationFailed(
            _("Columns missing in row 1: %(cols)s. Use the template.")
            % {"cols": "、".join(missing)},
            errors=[{"row": 1, "field": h, "message": _("Column missing.")} for h in missing],
        )
    out = []
    formula_errors = []
    for number, values in enumerate(rows, start=2):
        limit.count(values or ())
        for h, i in index.items():
            if f"{get_column_letter(i + 1)}{number}" in unsaved:
                formula_errors.append(
                    {
                        "row": number,
                        "field": h,
                        "message": _(
                            "The cell holds a formula whose result was never saved; open the "
                            "file in Excel and save it, or paste the values instead."
                        ),
                    }
                )
        if not values or all(v is None or _text(v) == "" for v in values):
            continue
        raw = {
            field: (values[index[h]] if h in index and index[h] < len(values) else None)
            for h, field, _r in COLUMNS
        }
        procedure_text = _text(raw["procedure"])
        procedure = PROCEDURE_NAMES.get(procedure_text, procedure_text)
        if not procedure:  # the type code decides; a bad number is reported later
            try:
                procedure = casenumber.parse(_text(raw["case_number"])).procedure
            except ValidationFailed:
                procedure = ""
        complexity_text = _text(raw["complexity"])
        filing = raw["filing_date"]
        columns = dict(HEADER_OF)
        out.append(
            {
                "_row": number,
                "_columns": columns,
                "case_number": _text(raw["case_number"]),
                "cause": _text(raw["cause"]),
                "procedure": procedure,
                "complexity": COMPLEXITY_NAMES.get(complexity_text, complexity_text),
                "filing_date": filing.date()
                if isinstance(filing, dt.datetime)
                else (filing if isinstance(filing, dt.date) else _text(filing)),
                "parties": _parties(raw, procedure, columns),
            }
        )
        if progress and len(out) % 1000 == 0:
            progress(len(out))
    workbook.close()
    if formula_errors:
        raise ValidationFailed(
            _("%(n)s cells hold formulas without a saved result; nothing was imported.")
            % {"n": len(formula_errors)},
            errors=formula_errors,
        )
    return out


def ledger_import(
    *,
    actor: Actor,
    court: Court,
    source: Any,
    label: str = "",
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Import a ledger file: all rows or none. Returns counts; raises ValidationFailed whose
    ``errors`` are {"row", "field" (column header), "message"}."""
    say = progress or (lambda _m: None)
    rows = read_rows(source, progress=lambda n: say(_("read %(n)s rows") % {"n": n}))
    say(_("read %(n)s rows; checking") % {"n": len(rows)})
    # A procedure the ledger leaves empty comes from the case number's type code; then the
    # party roles follow the procedure.
    result = cases_register_batch(
        actor=actor, court=court, rows=rows, source=CaseSource.IMPORT, label=label
    )
    say(
        _("%(c)s cases created, %(e)s already registered")
        % {"c": len(result["created"]), "e": len(result["existing"])}
    )
    return {
        "rows": len(rows),
        "created": len(result["created"]),
        "existing": len(result["existing"]),
    }


def template_workbook() -> bytes:
    """The ledger template: headers (required ones in bold red), an example row and a sheet
    listing the accepted values."""
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append([h for h, _f, _r in COLUMNS])
    for cell, (_h, _f, required) in zip(ws[1], COLUMNS, strict=True):
        cell.font = Font(bold=True, color="C00000" if required else "000000")
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    ws.append(
        [
            "（2026）粤1971民初1234号",
            "民间借贷纠纷",
            "简易程序",
            "简",
            dt.date(2026, 3, 2),
            "张三",
            "440306199001011236",
            "13812345678",
            "广东省东莞市南城街道鸿福路1号",
            "李四、东莞市某某贸易有限公司",
            "441900198502021230",
            "13900001111、076922223333",
            "广东省东莞市东城街道…、广东省东莞市莞城街道…",
        ]
    )
    ws.cell(row=2, column=5).number_format = "yyyy-mm-dd"
    for col, width in zip(
        "ABCDEFGHIJKLM", (26, 18, 12, 6, 12, 16, 22, 16, 30, 26, 22, 22, 34), strict=True
    ):
        ws.column_dimensions[col].width = width
    help_ws = wb.create_sheet("说明")
    help_ws.append(["列", "说明"])
    help_ws.append(
        ["案号", "如（2026）粤1971民初1234号；全角、半角括号均可；同一案号重复导入不会重复登记"]
    )
    help_ws.append(["案由", "《民事案件案由规定》中的名称，取最具体的一级"])
    help_ws.append(["审理程序", "可空（按类型代字推定）；可填：" + "、".join(PROCEDURE_NAMES)])
    help_ws.append(["繁简", "简 / 繁；可空（按程序推定）"])
    help_ws.append(["立案日期", "日期格式 2026-03-02"])
    help_ws.append(["当事人", "多个当事人用“、”分隔，证件号码、电话、地址按同一顺序填写"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
