"""The work-order API: list (filters ``case``, ``status``), detail with steps and attempts, and
each lifecycle step as ``POST /api/work-orders/<id>/<verb>/`` (409 with the reason and the current
state when the step is not allowed; a rerun changes nothing)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from courtops.core.api.permissions import IsActivePerson
from courtops.core.exceptions import NotFound, ValidationFailed
from nodes.engine import services
from nodes.engine.models import WorkOrder, WorkOrderAttempt, WorkOrderStep
from nodes.engine.selectors import work_orders_visible


class WorkOrderStepSerializer(serializers.ModelSerializer):
    step = serializers.CharField(source="template_step.step_id")
    node = serializers.CharField(source="node_spec.code")
    name = serializers.CharField(source="node_spec.name")

    class Meta:
        model = WorkOrderStep
        fields = ["step", "node", "name", "due_at"]


class WorkOrderAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = WorkOrderAttempt
        fields = ["number", "outputs", "outcome", "reason", "submitted_at"]


class WorkOrderSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="spec.name")
    case_number = serializers.CharField(source="case.case_number")

    class Meta:
        model = WorkOrder
        fields = [
            "id",
            "case",
            "case_number",
            "name",
            "generation",
            "status",
            "assignee",
            "due_at",
            "created_at",
            "accepted_at",
        ]


class WorkOrderDetailSerializer(WorkOrderSerializer):
    steps = WorkOrderStepSerializer(many=True, read_only=True)
    attempts = WorkOrderAttemptSerializer(many=True, read_only=True)

    class Meta(WorkOrderSerializer.Meta):
        fields = [*WorkOrderSerializer.Meta.fields, "steps", "attempts"]


class WorkOrderActionSerializer(serializers.Serializer):
    """Input of a step: ``outputs`` for submit ({step id: record}), ``reason`` for hold, reject
    and cancel."""

    outputs = serializers.DictField(child=serializers.DictField(), required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class WorkOrderListView(generics.ListAPIView):
    """The work orders the caller may see."""

    serializer_class = WorkOrderSerializer
    permission_classes = [IsActivePerson]
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("case", int, description="case id"),
            OpenApiParameter("status", str, description="state"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = work_orders_visible(self.request.user).order_by("pk")
        case = self.request.query_params.get("case")
        if case:
            if not case.isdigit():
                raise ValidationFailed(_("Enter a number."), field="case")
            qs = qs.filter(case_id=int(case))
        status = self.request.query_params.get("status")
        if status:
            qs = qs.filter(status=status)
        return qs


class WorkOrderDetailView(generics.RetrieveAPIView):
    """One work order with its steps (pinned node, due time) and every submission."""

    serializer_class = WorkOrderDetailSerializer
    permission_classes = [IsActivePerson]

    def get_queryset(self):
        return work_orders_visible(self.request.user).prefetch_related(
            "steps__template_step", "steps__node_spec", "attempts"
        )


VERBS = {
    "assign": lambda actor, pk, data: services.work_order_assign(actor=actor, work_order_id=pk),
    "start": lambda actor, pk, data: services.work_order_start(actor=actor, work_order_id=pk),
    "submit": lambda actor, pk, data: services.work_order_submit(
        actor=actor, work_order_id=pk, outputs=data.get("outputs") or {}
    ),
    "accept": lambda actor, pk, data: services.work_order_accept(actor=actor, work_order_id=pk),
    "reject": lambda actor, pk, data: services.work_order_reject(
        actor=actor, work_order_id=pk, reason=data.get("reason", "")
    ),
    "hold": lambda actor, pk, data: services.work_order_hold(
        actor=actor, work_order_id=pk, reason=data.get("reason", "")
    ),
    "resume": lambda actor, pk, data: services.work_order_resume(actor=actor, work_order_id=pk),
    "cancel": lambda actor, pk, data: services.work_order_cancel(
        actor=actor, work_order_id=pk, reason=data.get("reason", "")
    ),
}


class WorkOrderTransitionView(APIView):
    """One lifecycle step of a work order."""

    permission_classes = [IsActivePerson]

    @extend_schema(
        operation_id="work_orders_step",
        request=WorkOrderActionSerializer,
        responses={200: WorkOrderSerializer},
    )
    def post(self, request, pk: int, verb: str):
        if verb not in VERBS:
            raise NotFound(_("No such step."))
        if not work_orders_visible(request.user).filter(pk=pk).exists():
            raise NotFound(_("No such work order."))
        data = WorkOrderActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        VERBS[verb](request.user, pk, data.validated_data)
        wo = work_orders_visible(request.user).get(pk=pk)
        return Response(WorkOrderSerializer(wo).data)
