from __future__ import annotations

from rest_framework import serializers

from nodes.models import (
    Board,
    NodeSpec,
    ServiceItem,
    Standard,
    StandardVersion,
    Template,
    TemplateEdge,
    TemplateStep,
    TemplateVersion,
)


class BoardSerializer(serializers.ModelSerializer):
    standards = serializers.IntegerField(source="standard_count", read_only=True)
    node_types = serializers.IntegerField(source="node_count", read_only=True)

    class Meta:
        model = Board
        fields = ["code", "name", "name_en", "order", "standards", "node_types"]


class StandardVersionSerializer(serializers.ModelSerializer):
    # plain strings in the schema: other apps have fields of these names with other choices
    status = serializers.CharField(help_text="draft | published | superseded")
    source = serializers.CharField(help_text="library | excel | edit")  # type: ignore[assignment]  # shadows Field.source

    class Meta:
        model = StandardVersion
        fields = [
            "version",
            "status",
            "number",
            "title",
            "title_en",
            "scope",
            "errors",
            "content_hash",
            "source",
            "published_at",
        ]


class StandardSerializer(serializers.ModelSerializer):
    board = serializers.CharField(source="board.code")
    current = StandardVersionSerializer(read_only=True)
    node_types = serializers.IntegerField(source="node_count", read_only=True)

    class Meta:
        model = Standard
        fields = ["code", "board", "current", "node_types"]


class TimeLimitSerializer(serializers.Serializer):
    amount = serializers.IntegerField(source="time_amount")
    unit = serializers.CharField(source="time_unit")
    starts = serializers.CharField(source="time_starts")
    basis = serializers.CharField(source="legal_basis")


class NodeTypeSerializer(serializers.ModelSerializer):
    """A node type as its standard's published version defines it."""

    standard = serializers.CharField(source="version.standard.code")
    board = serializers.CharField(source="version.standard.board.code")
    standard_version = serializers.IntegerField(source="version.version")
    time_limit = serializers.SerializerMethodField()
    sample_rate = serializers.FloatField(allow_null=True)

    class Meta:
        model = NodeSpec
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "standard",
            "board",
            "standard_version",
            "performer",
            "instruction",
            "inputs",
            "outputs",
            "time_limit",
            "checklist",
            "errors",
            "review",
            "sample_rate",
            "visibility",
            "pay_unit",
            "non_case",
        ]

    def get_time_limit(self, spec) -> dict | None:
        return TimeLimitSerializer(spec).data if spec.time_amount is not None else None


class NodeTypeListSerializer(NodeTypeSerializer):
    class Meta(NodeTypeSerializer.Meta):
        fields = [
            "id",
            "code",
            "name",
            "name_en",
            "standard",
            "board",
            "standard_version",
            "performer",
            "time_limit",
            "review",
            "pay_unit",
            "non_case",
        ]


class TemplateStepSerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="step_id")
    node = serializers.CharField(source="node_spec.code")
    node_spec_id = serializers.IntegerField()
    node_version = serializers.IntegerField(source="node_spec.version.version")

    class Meta:
        model = TemplateStep
        fields = [
            "id",
            "node",
            "node_spec_id",
            "node_version",
            "join",
            "is_start",
            "is_end",
            "fragment",
        ]


class TemplateEdgeSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.step_id")  # type: ignore[assignment]
    target = serializers.CharField(source="target.step_id")

    class Meta:
        model = TemplateEdge
        fields = ["source", "target", "guard", "is_else", "rework"]


class TemplateVersionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(help_text="published | superseded")
    procedure = serializers.CharField()
    steps = TemplateStepSerializer(many=True, read_only=True)
    edges = TemplateEdgeSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateVersion
        fields = [
            "version",
            "status",
            "name",
            "name_en",
            "procedure",
            "content_hash",
            "published_at",
            "steps",
            "edges",
        ]


class TemplateListSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField()
    name = serializers.CharField(source="current.name")
    version = serializers.IntegerField(source="current.version")
    steps = serializers.IntegerField(source="step_count", read_only=True)
    court_levels = serializers.ListField(
        source="current.court_levels", child=serializers.CharField()
    )

    class Meta:
        model = Template
        fields = ["code", "procedure", "name", "version", "steps", "court_levels"]


class TemplateDetailSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField()
    current = serializers.SerializerMethodField()

    class Meta:
        model = Template
        fields = ["code", "procedure", "current"]

    def get_current(self, template) -> dict:
        return TemplateVersionSerializer(self.context["version"]).data


class ServiceItemSerializer(serializers.ModelSerializer):
    nodes = serializers.SerializerMethodField()

    class Meta:
        model = ServiceItem
        fields = ["code", "name", "name_en", "area", "non_case", "pay_unit", "nodes"]

    def get_nodes(self, item: ServiceItem) -> list[str]:
        return sorted(t.code for t in item.node_types.all())
