"""Forms of the case-register pages. They only parse input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from courtops.core.cases.choices import (
    ClosingManner,
    Complexity,
    ExclusionKind,
    PartyKind,
    PartyRole,
    PeriodUnit,
    Procedure,
    RuleComplexity,
    TieBreak,
)
from courtops.core.models import CaseCause, Person, TrialUnit


class DateInput(forms.DateInput):
    """``<input type="date">`` takes only ISO dates (2026-12-04); without a fixed format the
    zh-hans locale renders 2026/12/04, which browsers drop, losing the default value."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 (Django's name)
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class CaseRegisterForm(forms.Form):
    case_number = forms.CharField(label=_("Case number (案号)"), max_length=60)
    cause = forms.ModelChoiceField(label=_("Cause"), queryset=CaseCause.objects.none())
    procedure = forms.ChoiceField(
        label=_("Procedure"),
        choices=[("", _("From the type code"))] + list(Procedure.choices),
        required=False,
    )
    complexity = forms.ChoiceField(
        label=_("Complexity"),
        choices=[("", _("From the procedure"))] + list(Complexity.choices),
        required=False,
    )
    filing_date = forms.DateField(label=_("Filing date"), widget=DateInput)
    plaintiff = forms.CharField(label=_("Plaintiff / applicant"), max_length=200, required=False)
    plaintiff_kind = forms.ChoiceField(label=_("Kind"), choices=PartyKind.choices)
    plaintiff_id = forms.CharField(label=_("ID number"), max_length=40, required=False)
    plaintiff_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    plaintiff_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    defendant = forms.CharField(label=_("Defendant / respondent"), max_length=200, required=False)
    defendant_kind = forms.ChoiceField(label=_("Kind"), choices=PartyKind.choices)
    defendant_id = forms.CharField(label=_("ID number"), max_length=40, required=False)
    defendant_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    defendant_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    allocate = forms.BooleanField(label=_("Allocate now"), required=False, initial=True)

    def __init__(self, *args, causes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = causes

    PARTY_FIELDS = {"name": "", "kind": "_kind", "id_number": "_id", "phone": "_phone"}

    def as_case_data(self) -> dict:
        """The input as the service reads it; fields that did not pass the form's own checks
        are taken raw, so the service can still report every other problem at once."""
        d = {name: self.data.get(name, "") for name in self.fields}
        d.update(getattr(self, "cleaned_data", {}))
        parties = []
        self.party_sides = []
        for side, role in (("plaintiff", PartyRole.PLAINTIFF), ("defendant", PartyRole.DEFENDANT)):
            if d.get(side):
                self.party_sides.append(side)
                parties.append(
                    {
                        "role": role,
                        "kind": d[f"{side}_kind"],
                        "name": d[side],
                        "id_number": d[f"{side}_id"],
                        "phone": d[f"{side}_phone"],
                        "address": d[f"{side}_address"],
                    }
                )
        return {
            "case_number": d["case_number"],
            "cause": d["cause"] if isinstance(d["cause"], CaseCause) else None,
            "procedure": d["procedure"],
            "complexity": d["complexity"],
            "filing_date": d["filing_date"],
            "parties": parties,
        }

    def add_service_errors(self, errors: list[tuple[str, str]]) -> None:
        """Show the service's ``[(field, message)]`` beside the fields they concern (party
        fields ``parties[i].x`` beside that party's input); a field the form already flagged
        keeps its own message."""
        for key, message in errors:
            field = key
            if key.startswith("parties["):
                index, _dot, attr = key[len("parties[") :].partition("].")
                sides = getattr(self, "party_sides", [])
                i = int(index) if index.isdigit() else -1
                if 0 <= i < len(sides):
                    field = sides[i] + self.PARTY_FIELDS.get(attr, "")
            if field in self.fields:
                if not self.has_error(field):
                    self.add_error(field, message)
            else:
                self.add_error(None, message)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Ledger (.xlsx)"))


class ImportRetentionForm(forms.Form):
    days = forms.IntegerField(
        label=_("Days uploads are kept"),
        required=False,
        min_value=1,
        help_text=_("Empty: the installation default."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReallocateForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("To unit"),
        queryset=TrialUnit.objects.none(),
        required=False,
        empty_label=_("By the rules"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class ExtensionRequestForm(forms.Form):
    amount = forms.IntegerField(label=_("Extension"), min_value=1, max_value=24)
    unit = forms.ChoiceField(label=_("Unit"), choices=PeriodUnit.choices, initial="months")
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ExtensionDecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approved")), ("0", _("Refused"))],
        coerce=lambda v: v == "1",
    )
    approver = forms.CharField(
        label=_("Decided by (on paper: the president or the higher court)"),
        max_length=60,
        required=False,
        help_text=_("Leave empty when you decide yourself as the court's leadership."),
    )
    evidence = forms.CharField(label=_("Evidence (document no.)"), max_length=200, required=False)
    higher_court = forms.BooleanField(label=_("Approved by the higher court"), required=False)


class ExclusionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExclusionKind.choices)
    start_date = forms.DateField(label=_("From"), widget=DateInput)
    end_date = forms.DateField(
        label=_("To (empty while it runs)"), widget=DateInput, required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    approver = forms.CharField(label=_("Approved by"), max_length=60)
    evidence = forms.CharField(label=_("Evidence (document no.)"), max_length=200)


class ExclusionEndForm(forms.Form):
    end_date = forms.DateField(label=_("Ended on"), widget=DateInput)


class ProcedureChangeForm(forms.Form):
    to_procedure = forms.ChoiceField(label=_("New procedure"), choices=Procedure.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CloseForm(forms.Form):
    manner = forms.ChoiceField(label=_("Closing manner"), choices=ClosingManner.choices)
    closing_date = forms.DateField(label=_("Closing date"), widget=DateInput)

    def __init__(self, *args, procedure: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if procedure in Procedure.values:
            self.fields["manner"].choices = [  # type: ignore[attr-defined]
                (m.value, m.label) for m in Procedure(procedure).closing_manners
            ]


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    causes = forms.ModelMultipleChoiceField(
        label=_("Causes handled (at most 10)"),
        queryset=CaseCause.objects.none(),
        required=False,
        widget=forms.SelectMultiple(
            attrs={
                "size": 14,
                # static/js/picker.js turns it into a searchable picker with a counter
                "data-picker": "1",
                "data-max": TrialUnit.MAX_CAUSES,
                "data-count-text": _("%(n)s of at most %(max)s causes chosen"),
                "data-full-text": _("the limit is reached; remove one to add another"),
                "data-search-text": _("Type to find a cause"),
                "data-remove-text": _("Remove"),
            }
        ),
    )
    handles_simple = forms.BooleanField(label=_("Handles simple cases"), required=False)
    handles_complex = forms.BooleanField(label=_("Handles complex cases"), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args, causes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["causes"].queryset = causes


class RuleSetForm(forms.Form):
    tie_break = forms.ChoiceField(label=_("Tie-break"), choices=TieBreak.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Procedure.choices:
            self.fields[f"w_{value}"] = forms.DecimalField(
                label=label, min_value=0.1, max_value=100, decimal_places=2, initial=1
            )


class RuleForm(forms.Form):
    cause = forms.ModelChoiceField(
        label=_("Cause (with its sub-causes)"),
        queryset=CaseCause.objects.none(),
        required=False,
        empty_label=_("Any cause"),
    )
    complexity = forms.ChoiceField(label=_("Complexity"), choices=RuleComplexity.choices)
    units = forms.ModelMultipleChoiceField(
        label=_("Eligible units"),
        queryset=TrialUnit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, causes=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = causes
        self.fields["units"].queryset = units


class CauseWeightForm(forms.Form):
    cause = forms.ModelChoiceField(label=_("Cause"), queryset=CaseCause.objects.none())
    weight = forms.DecimalField(label=_("Weight"), min_value=0.1, max_value=100, decimal_places=2)

    def __init__(self, *args, causes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cause"].queryset = causes


class CauseForm(forms.Form):
    parent = forms.ModelChoiceField(label=_("Parent cause"), queryset=CaseCause.objects.none())
    name = forms.CharField(label=_("Name"), max_length=100)

    def __init__(self, *args, causes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = causes


class UnitCreateForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=999)
    name = forms.CharField(label=_("Name"), max_length=60, required=False)


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Judge or assistant"), queryset=Person.objects.none())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
