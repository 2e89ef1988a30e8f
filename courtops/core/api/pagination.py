"""API pages: ``?limit=`` is capped, so no request can ask for the whole register at once."""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """Limit/offset pages of at most COURTOPS_API_MAX_PAGE_SIZE rows (a larger ``limit`` gets
    the maximum; ``next`` leads on)."""

    @property
    def max_limit(self) -> int:  # type: ignore[override]
        return settings.COURTOPS_API_MAX_PAGE_SIZE
