"""Serializers of the case-register API. Input and output are kept apart; personal data goes
out masked (through ``courtops.core.cases.masking``)."""

from __future__ import annotations

from rest_framework import serializers

from courtops.core.cases.choices import Complexity, PartyKind, PartyRole, Procedure
from courtops.core.cases.masking import MASKED, present
from courtops.core.models import Case, Party, TrialUnit


class PartyInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=PartyRole.choices)
    kind = serializers.ChoiceField(choices=PartyKind.choices, default=PartyKind.PERSON)
    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)


class CaseInputSerializer(serializers.Serializer):
    case_number = serializers.CharField(
        max_length=60,
        help_text="案号, e.g. （2026）粤1971民初1234号 (half-width brackets accepted)",
    )
    cause = serializers.CharField(
        max_length=100, help_text="Cause of action: its catalogue id or its official name"
    )
    procedure = serializers.ChoiceField(
        choices=Procedure.choices, required=False, help_text="Default: from the type code"
    )
    complexity = serializers.ChoiceField(
        choices=Complexity.choices, required=False, help_text="Default: from the procedure"
    )
    filing_date = serializers.DateField()
    parties = PartyInputSerializer(many=True, required=False)
    allocate = serializers.BooleanField(default=False, help_text="Allocate at once by the rules")


class CaseBatchInputSerializer(serializers.Serializer):
    cases = CaseInputSerializer(many=True, allow_empty=False, max_length=5000)  # type: ignore[call-arg]  # ListSerializer kwargs


class CaseBatchOutputSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.CharField())
    existing = serializers.ListField(child=serializers.CharField())


class PartyOutputSerializer(serializers.ModelSerializer):
    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = ["id", "role", "kind", "name", "id_number", "phone", "address"]

    def _shown(self, obj) -> dict:
        return present(obj, self.context.get("policy", MASKED))

    def get_id_number(self, obj) -> str:
        return self._shown(obj).get("id_number", "")

    def get_phone(self, obj) -> str:
        return self._shown(obj).get("phone", "")

    def get_address(self, obj) -> str:
        return self._shown(obj).get("address", "")


class CaseOutputSerializer(serializers.ModelSerializer):
    cause = serializers.CharField(source="cause.name")
    # null until the case is allocated (the schema says so: clients must expect it)
    trial_unit = serializers.CharField(source="trial_unit.name", default=None, allow_null=True)
    judge = serializers.CharField(source="judge.full_name", default=None, allow_null=True)
    assistant = serializers.CharField(source="assistant.full_name", default=None, allow_null=True)
    allocation_rule_set_version = serializers.IntegerField(
        source="allocation_rule_set.version", default=None, allow_null=True
    )
    # "" while the case is open
    closing_manner = serializers.ChoiceField(
        choices=list(Case._meta.get_field("closing_manner").choices or []),
        allow_blank=True,
        read_only=True,
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "case_number",
            "cause",
            "procedure",
            "complexity",
            "filing_date",
            "status",
            "closing_manner",
            "closing_date",
            "trial_unit",
            "judge",
            "assistant",
            "allocation_rule_set_version",
            "allocation_explanation",
            "time_limit_end",
            "source",
        ]
        read_only_fields = fields


class CaseDetailSerializer(CaseOutputSerializer):
    parties = PartyOutputSerializer(many=True, read_only=True)

    class Meta(CaseOutputSerializer.Meta):
        fields = [*CaseOutputSerializer.Meta.fields, "parties"]
        read_only_fields = fields


class TrialUnitSerializer(serializers.ModelSerializer):
    causes: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True
    )

    class Meta:
        model = TrialUnit
        fields = [
            "id",
            "number",
            "name",
            "causes",
            "handles_simple",
            "handles_complex",
            "is_active",
        ]
        read_only_fields = fields
