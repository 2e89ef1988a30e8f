"""The standards workbook: its sheets and columns (shared by export and import) and the parser
that reads a workbook back into a standard document, reporting every error by sheet, row and
column."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from courtops.core.excel import RowLimit, formulas_without_value, open_workbook
from courtops.core.exceptions import ValidationFailed
from nodes.models import Board
from nodes.validation import validate_standard_doc

SHEET_STANDARD = "标准"
SHEET_NODES = "节点"
SHEET_OUTPUTS = "输出字段"
SHEET_CHECKLIST = "验收项"
SHEET_ERRORS = "差错代码"

# (key in the document, column header)
STANDARD_ROWS = [
    ("code", "编号"),
    ("number", "文号"),
    ("board", "板块"),
    ("title", "标题"),
    ("title_en", "英文标题"),
    ("version", "版本"),
    ("scope", "适用范围"),
]
NODE_COLS = [
    ("code", "节点编码"),
    ("name", "名称"),
    ("name_en", "英文名称"),
    ("performer", "执行人"),
    ("instruction", "操作说明"),
    ("inputs", "所需输入"),
    ("time_amount", "时限"),
    ("time_unit", "时限单位"),
    ("time_starts", "起算事件"),
    ("time_basis", "法律依据"),
    ("errors", "差错代码"),
    ("review", "审核方式"),
    ("sample_rate", "抽检比例"),
    ("visibility", "可见字段"),
    ("pay_unit", "计酬单位"),
    ("non_case", "非案件服务"),
]
# second-edition columns: optional on import, so a first-edition workbook still reads
NODE_OPTIONAL_COLS = [
    ("kind", "节点类型"),  # task | wait; a wait's period is in the 时限 columns
    ("time_foreign", "领域外期间"),  # JSON {amount, unit, basis}: party with no domicile in the PRC
]
OUTPUT_PREFIX = "output:"  # 起算事件 written as output:<node>.<field> for a recorded-output clock
OUTPUT_COLS = [
    ("node", "节点编码"),
    ("name", "字段名"),
    ("label", "标签"),
    ("label_en", "英文标签"),
    ("type", "类型"),
    ("required", "必填"),
    ("min", "最小值"),
    ("max", "最大值"),
    ("max_length", "最大长度"),
    ("choices", "选项"),
    ("help", "说明"),
]
CHECK_COLS = [
    ("node", "节点编码"),
    ("code", "编码"),
    ("text", "内容"),
    ("text_en", "英文内容"),
    ("kind", "类型"),
    ("op", "运算符"),
    ("threshold", "阈值"),
    ("unit", "单位"),
]
ERROR_COLS = [("code", "编码"), ("text", "内容"), ("text_en", "英文内容"), ("severity", "严重程度")]
YES, NO = "是", "否"


def _FORMULA_NO_VALUE() -> str:  # noqa: N802 — a message, translated when used
    return _(
        "the cell holds a formula whose result was never saved; open the file in Excel and "
        "save it, or paste the values instead"
    )


@dataclass
class _Where:
    sheet: str
    row: int
    column: str = ""

    def __str__(self) -> str:
        if self.row and self.column:
            return _("sheet %(sheet)s row %(row)d column %(col)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "col": self.column,
            }
        if self.row:
            return _("sheet %(sheet)s row %(row)d") % {"sheet": self.sheet, "row": self.row}
        if self.column:
            return _("sheet %(sheet)s column %(col)s") % {"sheet": self.sheet, "col": self.column}
        return _("sheet %(sheet)s") % {"sheet": self.sheet}


@dataclass
class _Rows:
    """Where each part of the document came from, to point a validation problem at its cell."""

    nodes: dict[str, int]
    outputs: dict[tuple[str, str], int]
    checks: dict[tuple[str, str], int]
    errors: dict[str, int]
    standard: dict[str, tuple[int, Any]]

    def where(self, p) -> _Where:
        parts = p.location.split(" ")
        key = p.key
        if parts[0] == "node" and len(parts) > 1:
            code = parts[1]
            if len(parts) > 3 and parts[2] == "output":
                row = self.outputs.get((code, parts[3]), 0)
                return _Where(SHEET_OUTPUTS, row, dict(OUTPUT_COLS).get(key, ""))
            if len(parts) > 3 and parts[2] == "checklist":
                row = self.checks.get((code, parts[3]), 0)
                return _Where(SHEET_CHECKLIST, row, dict(CHECK_COLS).get(key, ""))
            return _Where(SHEET_NODES, self.nodes.get(code, 0), dict(NODE_COLS).get(key, ""))
        if parts[0] == "error" and len(parts) > 1:
            return _Where(SHEET_ERRORS, self.errors.get(parts[1], 0), dict(ERROR_COLS).get(key, ""))
        if parts[0] == "errors":
            return _Where(SHEET_ERRORS, 0)
        if parts[0] == "" and key == "nodes":
            return _Where(SHEET_NODES, 0)
        title = dict(STANDARD_ROWS).get(key, "")
        row = self.standard.get(title, (0, None))[0] if title else 0
        return _Where(SHEET_STANDARD, row, "内容" if row else "")


class _Errors(list):
    def __init__(self) -> None:
        super().__init__()
        self.formula_cells: set[str] = set()

    def add(self, where: _Where, message: str) -> None:
        self.append(f"{where}: {message}")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _sheet_missing(errors: _Errors, sheet: str) -> None:
    errors.append(
        _("The workbook has no sheet named %(sheet)s; use an exported workbook as the template.")
        % {"sheet": sheet}
    )


def _starts_cell(starts: Any) -> Any:
    if isinstance(starts, dict):
        return f"{OUTPUT_PREFIX}{starts.get('node')}.{starts.get('field')}"
    return starts


def _starts_value(value: Any) -> Any:
    text = str(value or "").strip()
    if text.startswith(OUTPUT_PREFIX):
        node, _sep, field = text[len(OUTPUT_PREFIX) :].partition(".")
        return {"event": "output", "node": node.strip(), "field": field.strip()}
    return text or "task_ready"


def _rows(
    wb,
    sheet: str,
    cols: list[tuple[str, str]],
    errors: _Errors,
    optional: Sequence[tuple[str, str]] = (),
    data: bytes = b"",
) -> list[tuple[int, dict]]:
    if sheet not in wb.sheetnames:
        _sheet_missing(errors, sheet)
        return []
    ws = wb[sheet]
    unsaved = formulas_without_value(data, sheet) if data else set()
    limit = RowLimit()
    header = [_cell(c.value) for c in next(ws.iter_rows(min_row=1, max_row=1))]
    index = {}
    for key, title in cols:
        if title in header:
            index[key] = header.index(title)
        else:
            errors.add(_Where(sheet, 1, title), _("column missing"))
    titles = dict(cols) | dict(optional)
    for key, title in optional:
        if title in header:
            index[key] = header.index(title)
    out = []
    for r, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
        limit.count(row)
        for k, i in index.items():
            if f"{get_column_letter(i + 1)}{r}" in unsaved:
                where = _Where(sheet, r, titles[k])
                errors.add(where, _FORMULA_NO_VALUE())
                errors.formula_cells.add(str(where))
        values = {k: _cell(row[i]) if i < len(row) else None for k, i in index.items()}
        if any(v is not None for v in values.values()):
            out.append((r, values))
    return out


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    return [
        p.strip() for p in str(value).replace("，", ",").replace("\n", ",").split(",") if p.strip()
    ]


def _bool(value: Any, where: _Where, errors: _Errors, default: bool) -> bool:
    if value is None:
        return default
    if value in (YES, True, "true", "TRUE", 1, "1", "Y", "y"):
        return True
    if value in (NO, False, "false", "FALSE", 0, "0", "N", "n"):
        return False
    errors.add(where, _("write 是 or 否"))
    return default


def _number(value: Any, where: _Where, errors: _Errors) -> Any:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else value
    try:
        f = float(str(value))
    except ValueError:
        errors.add(where, _("not a number: %(v)s") % {"v": value})
        return None
    return int(f) if f.is_integer() else f


def parse_workbook(data: bytes) -> tuple[dict | None, list[str]]:
    """The standard document in a workbook and every error found, by sheet/row/column."""
    errors = _Errors()
    try:
        # sizes, compression and declared rows/cells are checked before openpyxl parses
        wb, data = open_workbook(data)
    except ValidationFailed as exc:
        return None, [exc.message]
    doc: dict[str, Any] = {}
    found: dict[str, tuple[int, Any]] = {}
    if SHEET_STANDARD not in wb.sheetnames:
        _sheet_missing(errors, SHEET_STANDARD)
    else:
        limit = RowLimit()
        for r, row in enumerate(wb[SHEET_STANDARD].iter_rows(min_row=2, values_only=True), start=2):
            limit.count(row)
            if row and _cell(row[0]) is not None:
                found[_cell(row[0])] = (r, _cell(row[1]) if len(row) > 1 else None)
        for key, title in STANDARD_ROWS:
            if title not in found:
                errors.add(
                    _Where(SHEET_STANDARD, 0, "项目"),
                    _("no row for %(item)s") % {"item": title},
                )
                continue
            r, value = found[title]
            doc[key] = (
                _number(value, _Where(SHEET_STANDARD, r, "内容"), errors)
                if key == "version"
                else value
            )
    node_rows: dict[str, int] = {}
    nodes: list[dict] = []
    for r, v in _rows(wb, SHEET_NODES, NODE_COLS, errors, NODE_OPTIONAL_COLS, data):
        code = str(v.get("code") or "")
        if not code:
            errors.add(_Where(SHEET_NODES, r, "节点编码"), _("empty"))
            continue
        if code in node_rows:
            errors.add(
                _Where(SHEET_NODES, r, "节点编码"), _("repeats row %(r)d") % {"r": node_rows[code]}
            )
            continue
        node_rows[code] = r
        w = lambda col, r=r: _Where(SHEET_NODES, r, col)  # noqa: E731
        amount = _number(v.get("time_amount"), w("时限"), errors)
        node: dict[str, Any] = {
            "code": code,
            "name": v.get("name"),
            "name_en": v.get("name_en"),
            "performer": v.get("performer"),
            "instruction": v.get("instruction"),
            "inputs": _split(v.get("inputs")),
            "outputs": [],
            "checklist": [],
            "errors": _split(v.get("errors")),
            "review": v.get("review"),
            "visibility": _split(v.get("visibility")),
            "pay_unit": v.get("pay_unit"),
            "non_case": _bool(v.get("non_case"), w("非案件服务"), errors, False),
        }
        if amount is not None or v.get("time_unit"):
            clock = {
                "amount": amount,
                "unit": v.get("time_unit"),
                "starts": _starts_value(v.get("time_starts")),
                "basis": v.get("time_basis") or "",
            }
            if v.get("time_foreign"):
                try:
                    clock["foreign"] = json.loads(str(v["time_foreign"]))
                except ValueError:
                    errors.add(w("领域外期间"), _("write it as JSON {amount, unit, basis}"))
            if v.get("kind") == "wait":
                # a wait is no one's work: no performer, checklist, errors, review or pay
                for key in ("performer", "checklist", "errors", "review", "pay_unit"):
                    node.pop(key, None)
                node["kind"] = "wait"
                node["period"] = clock
            else:
                node["time_limit"] = clock
        rate = _number(v.get("sample_rate"), w("抽检比例"), errors)
        if rate is not None:
            node["sample_rate"] = rate
        nodes.append(node)
    by_code = {n["code"]: n for n in nodes}
    output_rows: dict[tuple[str, str], int] = {}
    check_rows: dict[tuple[str, str], int] = {}
    error_rows: dict[str, int] = {}
    for r, v in _rows(wb, SHEET_OUTPUTS, OUTPUT_COLS, errors, data=data):
        w = lambda col, r=r: _Where(SHEET_OUTPUTS, r, col)  # noqa: E731
        owner = by_code.get(str(v.get("node") or ""))
        if owner is None:
            errors.add(w("节点编码"), _("no node %(c)s in sheet 节点") % {"c": v.get("node")})
            continue
        node = owner
        output_rows.setdefault((node["code"], str(v.get("name"))), r)
        o: dict[str, Any] = {"name": v.get("name"), "label": v.get("label"), "type": v.get("type")}
        o["required"] = _bool(v.get("required"), w("必填"), errors, True)
        for key, col in (("min", "最小值"), ("max", "最大值"), ("max_length", "最大长度")):
            num = _number(v.get(key), w(col), errors)
            if num is not None:
                o[key] = num
        for key in ("label_en", "help"):
            if v.get(key):
                o[key] = str(v[key])
        if v.get("choices"):
            choices = []
            for line in str(v["choices"]).splitlines():
                if not line.strip():
                    continue
                if "=" not in line:
                    errors.add(
                        w("选项"), _("write each choice as value=label: %(l)s") % {"l": line}
                    )
                    continue
                value, label = line.split("=", 1)
                label, _sep, label_en = label.partition("|")
                choice = {"value": value.strip(), "label": label.strip()}
                if label_en.strip():
                    choice["label_en"] = label_en.strip()
                choices.append(choice)
            o["choices"] = choices
        node["outputs"].append(o)
    for r, v in _rows(wb, SHEET_CHECKLIST, CHECK_COLS, errors, data=data):
        w = lambda col, r=r: _Where(SHEET_CHECKLIST, r, col)  # noqa: E731
        owner = by_code.get(str(v.get("node") or ""))
        if owner is None:
            errors.add(w("节点编码"), _("no node %(c)s in sheet 节点") % {"c": v.get("node")})
            continue
        node = owner
        check_rows.setdefault((node["code"], str(v.get("code"))), r)
        c: dict[str, Any] = {
            "code": v.get("code"),
            "text": v.get("text"),
            "kind": v.get("kind") or "pass_fail",
        }
        if v.get("text_en"):
            c["text_en"] = v["text_en"]
        if c["kind"] == "threshold":
            c.update(
                op=v.get("op"),
                threshold=_number(v.get("threshold"), w("阈值"), errors),
                unit=v.get("unit") or "",
            )
        node.setdefault("checklist", []).append(c)
    doc["errors"] = []
    for r, v in _rows(wb, SHEET_ERRORS, ERROR_COLS, errors, data=data):
        error_rows.setdefault(str(v.get("code")), r)
        doc["errors"].append(
            {
                "code": v.get("code"),
                "text": v.get("text"),
                "text_en": v.get("text_en") or "",
                "severity": v.get("severity"),
            }
        )
    wb.close()
    doc["nodes"] = nodes
    # Cross-row rules, each problem pointed at the sheet, row and column it comes from.
    boards = set(Board.objects.values_list("code", flat=True))
    rows = _Rows(node_rows, output_rows, check_rows, error_rows, found)
    for p in validate_standard_doc(doc, "workbook", boards=boards):
        where = rows.where(p)
        if str(where) not in errors.formula_cells:  # already said: a formula, not "empty"
            errors.add(where, p.message)
    return (doc if not errors else None), list(errors)
