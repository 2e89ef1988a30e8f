from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from courtops.core.clock import TimeUnit
from courtops.core.models import AuditEvent, Person


class PersonSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    # a person belongs to a court or to a company: the other is null
    court = serializers.CharField(
        source="court.code", default=None, read_only=True, allow_null=True
    )
    company = serializers.CharField(
        source="company.name", default=None, read_only=True, allow_null=True
    )

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
    sealed_seq = serializers.IntegerField(
        source="seal.seq", default=None, read_only=True, allow_null=True
    )

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


@extend_schema_field(OpenApiTypes.STR)
class MomentField(serializers.Field):
    """A date (``2025-09-26``) or a date and time (``2025-09-26T17:30+08:00``); hours need the
    time, the day units use the date."""

    default_error_messages = {
        "invalid": _("Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM).")
    }

    def to_internal_value(self, data):
        text = str(data).strip()
        try:
            moment = parse_datetime(text) if ("T" in text or " " in text) else parse_date(text)
        except ValueError:
            moment = None
        if moment is None:
            self.fail("invalid")
        if isinstance(moment, dt.datetime) and timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def to_representation(self, value):
        if isinstance(value, dt.datetime):
            return timezone.localtime(value).isoformat()
        return value.isoformat()


class DeadlineInputSerializer(serializers.Serializer):
    start = MomentField()
    amount = serializers.IntegerField(min_value=0, max_value=1000)
    unit = serializers.ChoiceField(choices=TimeUnit.choices)

    def validate_start(self, value):
        # the calendar knows no year outside this range; a far date would overflow the count
        if not 1990 <= value.year <= 2100:
            raise serializers.ValidationError(
                _("start must be a moment between the years 1990 and 2100.")
            )
        return value


class DeadlineOutputSerializer(serializers.Serializer):
    start = MomentField()
    amount = serializers.IntegerField()
    unit = serializers.CharField()
    due = MomentField()
