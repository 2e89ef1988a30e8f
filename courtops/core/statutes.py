"""Statute citations, written one way in the data and rendered for the reader's language.

Time-limit rules and the standards library cite laws in short forms — ``CPL Art. 152``,
``2000审限规定 Art. 5``, ``民事诉讼法第128条``. ``render_citations`` turns every citation in a
text into 《民事诉讼法》第一百五十二条 in Chinese, or ``CPL Art. 152`` in English; text it does
not recognise is left as it is. The one renderer every page uses (template filter ``statute``).
"""

from __future__ import annotations

import re

from django.utils.translation import get_language

# short names (as written in the data) → (full Chinese title, English abbreviation)
LAWS: dict[str, tuple[str, str]] = {
    "CPL": ("民事诉讼法", "CPL"),
    "民事诉讼法": ("民事诉讼法", "CPL"),
    "民诉法": ("民事诉讼法", "CPL"),
    "民诉解释": ("最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释", "CPL Interpretation"),
    "刑诉法": ("刑事诉讼法", "CrPL"),
    "刑事诉讼法": ("刑事诉讼法", "CrPL"),
    "行诉法": ("行政诉讼法", "ALL"),
    "行政诉讼法": ("行政诉讼法", "ALL"),
    "2000审限规定": ("最高人民法院关于严格执行案件审理期限制度的若干规定", "2000 Time-Limit Rules"),
    "2018延审规定": (
        "最高人民法院关于严格规范民商事案件延长审限和延期开庭问题的规定",
        "2018 Extension Rules",
    ),
    "财产保全规定": (
        "最高人民法院关于人民法院办理财产保全案件若干问题的规定",
        "Preservation Rules",
    ),
    "登记立案规定": ("最高人民法院关于人民法院登记立案若干问题的规定", "Case Registration Rules"),
    "人民法院在线诉讼规则": ("人民法院在线诉讼规则", "Online Litigation Rules"),
}
_NAMES = "|".join(sorted((re.escape(k) for k in LAWS), key=len, reverse=True))
CITATION = re.compile(
    rf"(?P<law>{_NAMES})\s*(?:Art\.\s*(?P<en>\d+)|第(?P<zh>\d+)条)",
)
DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1–9999 in Chinese numerals as articles are numbered: 5 → 五, 18 → 十八,
    110 → 一百一十, 152 → 一百五十二, 208 → 二百零八, 1260 → 一千二百六十."""
    if n <= 0 or n >= 10000:
        return str(n)
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out, zero = "", False
    for value, name in units:
        digit = n // value % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += ("" if (value == 10 and digit == 1 and not out) else DIGITS[digit]) + name
    return out


def render_citation(law: str, article: int, language: str | None = None) -> str:
    title, abbreviation = LAWS.get(law, (law, law))
    if (language or get_language() or "").startswith("zh"):
        return f"《{title}》第{chinese_number(article)}条"
    return f"{abbreviation} Art. {article}"


def render_citations(text: str, language: str | None = None) -> str:
    """Every recognised citation in ``text`` rendered for ``language`` (default: the active one)."""
    if not text:
        return text

    def one(match: re.Match) -> str:
        article = int(match.group("en") or match.group("zh"))
        return render_citation(match.group("law"), article, language)

    return CITATION.sub(one, str(text))
