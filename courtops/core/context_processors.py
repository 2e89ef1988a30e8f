from __future__ import annotations

from courtops.core.navigation import items_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    items = items_for(user)
    path = request.path
    for item in items:
        item["active"] = item["url"] != "/" and path.startswith(item["url"]) or item["url"] == path
    return {"nav_items": items}
