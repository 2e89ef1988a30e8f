"""Read-only API of the standards library, so company systems can read the standards they work
to. Every active, authenticated caller may read it."""

from __future__ import annotations

from types import SimpleNamespace

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from nodes import selectors
from nodes.api.serializers import (
    BoardSerializer,
    NodeTypeListSerializer,
    NodeTypeSerializer,
    ServiceItemSerializer,
    StandardSerializer,
    StandardVersionSerializer,
    TemplateDetailSerializer,
    TemplateListSerializer,
)
from nodes.filtersets import NodeSpecFilter
from nodes.models import StandardVersion, Template


class BoardListView(generics.ListAPIView):
    """The five boards with the number of standards and node types in force."""

    serializer_class = BoardSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.boards_with_counts()


class StandardListView(generics.ListAPIView):
    """Standards in force with their published version."""

    serializer_class = StandardSerializer
    pagination_class = None
    filterset_fields = ["board__code"]

    def get_queryset(self):
        return selectors.standards_in_force()


class StandardVersionListView(generics.ListAPIView):
    """Every published or superseded version of one standard, newest first."""

    serializer_class = StandardVersionSerializer
    pagination_class = None
    filterset_fields = ["status"]

    def get_queryset(self):
        return (
            # no URL kwargs while the API schema is generated
            StandardVersion.objects.installation()
            .filter(standard__code=self.kwargs.get("code"))
            .exclude(status="draft")
            .order_by("-version")
        )


class NodeTypeListView(generics.ListAPIView):
    """Node types in force; filters: q, board, standard, performer, basis, has_limit."""

    serializer_class = NodeTypeListSerializer
    filterset_class = NodeSpecFilter

    def get_queryset(self):
        return selectors.specs_in_force().order_by("code")


class NodeTypeDetailView(generics.RetrieveAPIView):
    """One node type as its published version defines it (instruction, outputs, time limit,
    checklist, errors, review, visibility, pay unit)."""

    serializer_class = NodeTypeSerializer
    lookup_field = "code"

    def get_queryset(self):
        return selectors.specs_in_force()


class TemplateListView(generics.ListAPIView):
    """Workflow templates in force, one per procedure type."""

    serializer_class = TemplateListSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "court_level",
                str,
                description="only the templates a court of this level is offered "
                "(basic, intermediate, high, supreme)",
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        level = self.request.query_params.get("court_level")
        if level:
            return selectors.templates_offered(court=SimpleNamespace(level=level))
        return selectors.templates_in_force()


class TemplateDetailView(generics.GenericAPIView):
    """A template's published version, expanded: steps (bound to node specs) and edges with
    guards."""

    serializer_class = TemplateDetailSerializer

    @extend_schema(responses=TemplateDetailSerializer)
    def get(self, request, code: str):
        template = get_object_or_404(Template.objects.filter(current__isnull=False), code=code)
        version = selectors.template_version_full(template.current)  # type: ignore[arg-type]  # filtered to templates with a current version
        return Response(TemplateDetailSerializer(template, context={"version": version}).data)


class ServiceItemListView(generics.ListAPIView):
    """The service items the court buys, each with its pay unit and the node codes it covers
    (what contracts price and tender)."""

    serializer_class = ServiceItemSerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.service_items_in_force().prefetch_related("node_types")
