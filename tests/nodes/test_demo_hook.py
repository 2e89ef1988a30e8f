from __future__ import annotations

from io import StringIO

from nodes import demo
from nodes.models import Standard


def test_the_demo_hook_loads_the_library_and_a_rerun_changes_nothing(db):
    out = StringIO()
    demo.load(court=None, stdout=out)
    assert Standard.objects.filter(current__isnull=False).count() == 27
    out = StringIO()
    demo.load(court=None, stdout=out)
    assert "nothing changed" in out.getvalue()
