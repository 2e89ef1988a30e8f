"""Reads of the workflow engine, scoped through ``for_user``."""

from __future__ import annotations

from django.db.models import QuerySet

from nodes.engine.choices import WaitStatus
from nodes.engine.models import WorkflowWait, WorkOrder


def case_work_orders(user, case) -> QuerySet[WorkOrder]:
    """The work orders of ``case`` that ``user`` may see, oldest first."""
    return (
        WorkOrder.objects.for_user(user)
        .filter(case=case)
        .select_related("spec", "assignee")
        .order_by("created_at", "pk")
    )


def case_waits(user, case) -> QuerySet[WorkflowWait]:
    """The waits on parties of ``case`` that ``user`` may see, the running ones first."""
    return (
        WorkflowWait.objects.for_user(user)
        .filter(case=case)
        .select_related("node_spec")
        .order_by("-status", "created_at")
        .exclude(status=WaitStatus.CANCELLED)
    )


def work_orders_visible(user) -> QuerySet[WorkOrder]:
    """Every work order ``user`` may see (the API list)."""
    return WorkOrder.objects.for_user(user).select_related("spec", "case", "assignee")
