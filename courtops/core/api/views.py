from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from courtops.core.api.serializers import (
    AuditEventSerializer,
    DeadlineInputSerializer,
    DeadlineOutputSerializer,
    PersonSerializer,
)
from courtops.core.clock import due_at
from courtops.core.models import AuditEvent, Person
from courtops.core.selectors import audit_events_visible_to, people_visible_to


class MeView(APIView):
    """The person behind this request."""

    @extend_schema(responses=PersonSerializer)
    def get(self, request):
        return Response(PersonSerializer(request.user).data)


class PersonListView(generics.ListAPIView):
    """People the caller may see (own court or own company)."""

    serializer_class = PersonSerializer
    queryset = Person.objects.none()  # for the schema; get_queryset scopes real requests
    filterset_fields = ["role", "is_active"]

    def get_queryset(self):
        return people_visible_to(self.request.user).order_by("username")


class AuditEventListView(generics.ListAPIView):
    """The audit trail of the caller's court (office and auditors only)."""

    serializer_class = AuditEventSerializer
    queryset = AuditEvent.objects.none()  # for the schema; get_queryset scopes real requests
    filterset_fields = ["action", "object_type", "object_id", "actor"]

    def get_queryset(self):
        return audit_events_visible_to(self.request.user).order_by("-at", "-id")


class DeadlineView(APIView):
    """Compute a due moment on the caller's court calendar (any ``TimeUnit``)."""

    @extend_schema(parameters=[DeadlineInputSerializer], responses=DeadlineOutputSerializer)
    def get(self, request):
        data = DeadlineInputSerializer(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        due = due_at(
            start=v["start"], amount=v["amount"], unit=v["unit"], court_id=request.user.court_id
        )
        return Response(DeadlineOutputSerializer({**v, "due": due}).data)
