"""Search filters of the library pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nodes.choices import Performer
from nodes.models import Board, NodeSpec, Standard


class NodeSpecFilter(django_filters.FilterSet):
    """Node types in force: keyword (name, instruction, checklist, legal basis), board, standard,
    performer, legal basis, with or without a time limit."""

    q = django_filters.CharFilter(label=_("Keyword"), method="filter_q", max_length=100)
    board = django_filters.ModelChoiceFilter(
        label=_("Board"),
        field_name="version__standard__board",
        queryset=Board.objects.all(),
        to_field_name="code",
    )
    standard = django_filters.ModelChoiceFilter(
        label=_("Standard"),
        field_name="version__standard",
        queryset=Standard.objects.filter(current__isnull=False),
        to_field_name="code",
    )
    performer = django_filters.ChoiceFilter(label=_("Performer"), choices=Performer.choices)
    basis = django_filters.CharFilter(
        label=_("Legal basis"), field_name="legal_basis", lookup_expr="icontains", max_length=100
    )
    has_limit = django_filters.BooleanFilter(
        label=_("Has a time limit"), field_name="time_amount", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = NodeSpec
        fields = ["q", "board", "standard", "performer", "basis", "has_limit"]

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(search_text__icontains=word) | Q(code__iexact=word))
        return queryset
