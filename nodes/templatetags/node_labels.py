"""``{{ value|node_label:"severity" }}``: a vocabulary value of the standards library as its
label (严重 rather than ``major``), the value itself when it is not in the vocabulary."""

from __future__ import annotations

from django import template
from django.db import models

from nodes.choices import OutputType, Performer, Severity

register = template.Library()

VOCABULARIES: dict[str, type[models.TextChoices]] = {
    "severity": Severity,
    "output_type": OutputType,
    "performer": Performer,
}


@register.filter
def node_label(value: str, vocabulary: str) -> str:
    choices = VOCABULARIES[vocabulary]
    try:
        return str(choices(value).label)
    except ValueError:
        return value
