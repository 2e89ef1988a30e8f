from __future__ import annotations

from courtops.core.navigation import items_for


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    items = items_for(user)
    path = request.path
    # One highlighted entry: the one whose address is the longest prefix of this page's (on
    # /nodes/templates/ that is 流程模板, not 标准库 at /nodes/ as well).
    matching = [
        i for i in items if i["url"] == path or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    best = max(matching, key=lambda i: len(i["url"]), default=None)
    for item in items:
        item["active"] = item is best
    return {"nav_items": items}
