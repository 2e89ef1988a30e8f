from __future__ import annotations

from rest_framework import serializers

from courtops.core.models import AuditEvent, Person


class PersonSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    court = serializers.CharField(source="court.code", default=None, read_only=True)
    company = serializers.CharField(source="company.name", default=None, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "username",
            "full_name",
            "role",
            "role_display",
            "court",
            "company",
            "is_active",
        ]
        read_only_fields = fields


class AuditEventSerializer(serializers.ModelSerializer):
    sealed_seq = serializers.IntegerField(source="seal.seq", default=None, read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "court",
            "company",
            "actor",
            "actor_name",
            "actor_role",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "reason",
            "ip_address",
            "sealed_seq",
        ]
        read_only_fields = fields


class DeadlineInputSerializer(serializers.Serializer):
    start = serializers.DateField()
    amount = serializers.IntegerField(min_value=0, max_value=1000)
    unit = serializers.ChoiceField(
        choices=["working_days", "calendar_days", "statutory_days", "statutory_months"]
    )


class DeadlineOutputSerializer(serializers.Serializer):
    start = serializers.DateField()
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    due = serializers.DateField()
