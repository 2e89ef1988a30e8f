"""Forms of the library pages (office staff only)."""

from __future__ import annotations

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from courtops.core.clock import TimeUnit
from nodes.choices import CASE_FIELDS, PayUnit, Performer, ReviewMode, StartEvent


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))


class JSONListField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 8, "class": "mono"})

    def prepare_value(self, value):
        if isinstance(value, list):
            return json.dumps(value, ensure_ascii=False, indent=1)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        try:
            data = json.loads(value or "[]")
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(e)s") % {"e": exc}) from exc
        if not isinstance(data, list):
            raise forms.ValidationError(_("Write a JSON list."))
        return data


FIELD_CHOICES = [(k, f"{v} ({k})") for k, v in CASE_FIELDS.items()]


class NodeSpecForm(forms.Form):
    """Every field of a node in a draft. Outputs and checklist are edited as JSON lists (or in
    Excel); the service validates the whole draft before saving."""

    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    performer = forms.ChoiceField(label=_("Performer"), choices=Performer.choices)
    instruction = forms.CharField(
        label=_("Operating instruction"), widget=forms.Textarea(attrs={"rows": 6})
    )
    time_amount = forms.IntegerField(label=_("Time limit"), min_value=1, required=False)
    time_unit = forms.ChoiceField(
        label=_("Time unit"), choices=[("", "—"), *TimeUnit.choices], required=False
    )
    time_starts = forms.ChoiceField(
        label=_("Counted from"), choices=[("", "—"), *StartEvent.choices], required=False
    )
    time_start_ref = forms.RegexField(
        label=_("Counted from the recorded date (node.field)"),
        regex=r"^S\d\d-\d{3}\.[a-z][a-z0-9_]*$",
        required=False,
        help_text=_("With “counted from” a recorded date, e.g. S08-040.served_on."),
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    foreign_amount = forms.IntegerField(
        label=_("Period for a party with no domicile in the PRC"), min_value=1, required=False
    )
    foreign_unit = forms.ChoiceField(
        label=_("Its unit"), choices=[("", "—"), *TimeUnit.choices], required=False
    )
    foreign_basis = forms.CharField(label=_("Its legal basis"), max_length=300, required=False)
    review = forms.ChoiceField(label=_("Review"), choices=ReviewMode.choices)
    sample_rate = forms.DecimalField(
        label=_("Sample rate"), min_value=0, max_value=1, decimal_places=3, required=False
    )
    pay_unit = forms.ChoiceField(label=_("Pay unit"), choices=PayUnit.choices)
    non_case = forms.BooleanField(label=_("Not tied to a case"), required=False)
    visibility = forms.MultipleChoiceField(
        label=_("Visibility"),
        choices=FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    inputs = forms.MultipleChoiceField(
        label=_("Inputs needed"),
        choices=FIELD_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outputs = JSONListField(label=_("Output fields (JSON)"))
    checklist = JSONListField(label=_("Acceptance checklist (JSON)"))
    errors = forms.CharField(label=_("Error codes (comma-separated)"), required=False)  # type: ignore[assignment]  # a node's error codes, shadowing Form.errors

    @classmethod
    def initial_from(cls, doc: dict) -> dict:
        tl = doc["time_limit"] or {}
        starts = tl.get("starts", "")
        foreign = tl.get("foreign") or {}
        return {
            **{
                k: doc[k]
                for k in ("name", "name_en", "performer", "instruction", "review", "pay_unit")
            },
            "time_amount": tl.get("amount"),
            "time_unit": tl.get("unit", ""),
            "time_starts": starts.get("event", "output") if isinstance(starts, dict) else starts,
            "time_start_ref": f"{starts['node']}.{starts['field']}"
            if isinstance(starts, dict)
            else "",
            "legal_basis": tl.get("basis", ""),
            "foreign_amount": foreign.get("amount"),
            "foreign_unit": foreign.get("unit", ""),
            "foreign_basis": foreign.get("basis", ""),
            "sample_rate": doc["sample_rate"],
            "non_case": doc["non_case"],
            "visibility": doc["visibility"],
            "inputs": doc["inputs"],
            "outputs": doc["outputs"],
            "checklist": doc["checklist"],
            "errors": ", ".join(doc["errors"]),
        }

    def changes(self) -> dict:
        d = self.cleaned_data
        time_limit = None
        if d["time_amount"]:
            time_limit = {
                "amount": d["time_amount"],
                "unit": d["time_unit"],
                "starts": d["time_starts"] or "task_ready",
                "basis": d["legal_basis"],
            }
            if d["time_starts"] == "output" and d["time_start_ref"]:
                node, _dot, field_name = d["time_start_ref"].partition(".")
                time_limit["starts"] = {"event": "output", "node": node, "field": field_name}
            if d["foreign_amount"]:
                time_limit["foreign"] = {
                    "amount": d["foreign_amount"],
                    "unit": d["foreign_unit"],
                    "basis": d["foreign_basis"],
                }
        return {
            **{
                k: d[k]
                for k in ("name", "name_en", "performer", "instruction", "review", "pay_unit")
            },
            "time_limit": time_limit,
            "sample_rate": float(d["sample_rate"]) if d["sample_rate"] is not None else None,
            "non_case": d["non_case"],
            "visibility": d["visibility"],
            "inputs": d["inputs"],
            "outputs": d["outputs"],
            "checklist": d["checklist"],
            "errors": [e.strip() for e in d["errors"].replace("，", ",").split(",") if e.strip()],
        }
