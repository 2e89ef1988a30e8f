"""Case-register API: the court's case system registers cases one by one or in batches;
court staff read the cases they may see (parties masked)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from courtops.core.api.permissions import IsActivePerson, IsOfficeOrReadOnly
from courtops.core.cases import selectors, services
from courtops.core.cases.api.serializers import (
    CaseBatchInputSerializer,
    CaseBatchOutputSerializer,
    CaseDetailSerializer,
    CaseInputSerializer,
    CaseOutputSerializer,
    TrialUnitSerializer,
)
from courtops.core.cases.choices import CaseSource
from courtops.core.exceptions import PermissionRefused
from courtops.core.models import Case


def _court_of(user):
    if user.court_id is None:
        raise PermissionRefused(_("Only court accounts may register cases."))
    return user.court


def _case_data(validated: dict) -> dict:
    data = {k: v for k, v in validated.items() if k != "allocate"}
    data["parties"] = [dict(p) for p in validated.get("parties", [])]
    return data


class CaseListCreateView(generics.ListAPIView):
    """Cases the caller may see (GET, filterable), or register one case (POST)."""

    permission_classes = [IsOfficeOrReadOnly]
    serializer_class = CaseOutputSerializer
    filter_backends: list = []

    def get_queryset(self):
        filters = {k: self.request.query_params.get(k, "") for k in selectors.CASE_FILTERS}
        return selectors.case_list(self.request.user, filters=filters).select_related(
            "allocation_rule_set"
        )

    @extend_schema(
        parameters=[OpenApiParameter(k, str, required=False) for k in selectors.CASE_FILTERS]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=CaseInputSerializer,
        responses={201: CaseDetailSerializer},
        description="Register one case with its parties. 409 if the number is already registered.",
    )
    def post(self, request):
        serializer = CaseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _case_data(serializer.validated_data)
        data["source"] = CaseSource.API
        case = services.case_register(
            actor=request.user,
            court=_court_of(request.user),
            data=data,
            allocate=serializer.validated_data["allocate"],
        )
        return Response(CaseDetailSerializer(case).data, status=status.HTTP_201_CREATED)


class CaseBatchView(APIView):
    """Register a batch of cases: all or nothing; numbers already registered are skipped."""

    permission_classes = [IsOfficeOrReadOnly]

    @extend_schema(
        request=CaseBatchInputSerializer,
        responses={200: CaseBatchOutputSerializer},
        description=(
            "All cases are checked first; any error → 400 with `errors` "
            "[{row (1-based index), field, message}] and nothing saved. Pushing the same batch "
            "again creates nothing (numbers come back under `existing`)."
        ),
    )
    def post(self, request):
        serializer = CaseBatchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = [_case_data(c) for c in serializer.validated_data["cases"]]
        result = services.cases_register_batch(
            actor=request.user, court=_court_of(request.user), rows=rows, source=CaseSource.API
        )
        return Response(CaseBatchOutputSerializer(result).data)


class CaseDetailView(generics.RetrieveAPIView):
    """One case with its parties (personal data masked) — for court staff who may see it."""

    serializer_class = CaseDetailSerializer

    def get_queryset(self):
        return Case.objects.for_user(self.request.user).select_related(
            "cause", "trial_unit", "judge", "assistant", "allocation_rule_set"
        )


class CaseAllocateView(APIView):
    """Allocate one pending case by the active rules (office or service account)."""

    permission_classes = [IsOfficeOrReadOnly]

    @extend_schema(request=None, responses={200: CaseOutputSerializer})
    def post(self, request, pk: int):
        case = selectors.case_get(request.user, pk)
        services.cases_allocate(actor=request.user, court=case.court, case_ids=[case.pk])
        case.refresh_from_db()
        return Response(CaseOutputSerializer(case).data)


class CaseTransitionView(APIView):
    """One step of a case's lifecycle (``start-trial``, ``archive``): 409 naming the current
    state when the case is not in a state that allows it; a rerun of a step already taken
    changes nothing."""

    permission_classes = [IsActivePerson]
    steps = {"start-trial": services.case_start_trial, "archive": services.case_archive}

    @extend_schema(operation_id="cases_step", request=None, responses={200: CaseOutputSerializer})
    def post(self, request, pk: int, step: str):
        case = selectors.case_get(request.user, pk)
        case = self.steps[step](actor=request.user, case_id=case.pk)
        return Response(CaseOutputSerializer(case).data)


class TrialUnitListView(generics.ListAPIView):
    """The trial units of the caller's court."""

    serializer_class = TrialUnitSerializer
    filter_backends: list = []

    def get_queryset(self):
        return selectors.units_visible_to(self.request.user).order_by("number")
