"""Filters that keep internal keys off the page: statute citations in the reader's language and
procedure keys as their names."""

from __future__ import annotations

from django import template

from courtops.core.cases.choices import Procedure
from courtops.core.statutes import render_citations

register = template.Library()


@register.filter
def statute(text: str) -> str:
    """``CPL Art. 152`` → 《民事诉讼法》第一百五十二条 (in Chinese)."""
    return render_citations(text)


@register.filter
def procedure_label(key: str) -> str:
    """``civil_ordinary`` → 普通程序."""
    try:
        return str(Procedure(key).label)
    except ValueError:
        return key
