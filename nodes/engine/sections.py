"""The case page's "work orders" section (registered with core in ``NodesConfig.ready``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from nodes.engine.selectors import case_waits, case_work_orders


def case_work_orders_section(request, case) -> str:
    """The case's work orders with their state and due time, and its waits on parties; nothing
    when the case has no workflow yet."""
    orders = list(case_work_orders(request.user, case))
    waits = list(case_waits(request.user, case))
    if not orders and not waits:
        return ""
    return render_to_string(
        "nodes/case_work_orders.html", {"orders": orders, "waits": waits}, request=request
    )
