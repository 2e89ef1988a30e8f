"""Issue 9.2: the standards library's audit events read as sentences too (nodes registers its
readings with the core's registry)."""

from __future__ import annotations

from django.utils import translation

from courtops.core.audit_reading import read_events
from courtops.core.models import AuditEvent
from tests.core.test_audit_events_read_as_sentences import _assert_reads_well
from tests.nodes.test_editing_and_publishing_a_standard import _edit_and_publish


def test_editing_and_publishing_a_standard_reads_in_chinese(fixture_library, platform_admin):
    _edit_and_publish(platform_admin)
    events = AuditEvent.objects.filter(object_type__startswith="nodes.").order_by("id")
    with translation.override("zh-hans"):
        texts = [r.text for r in read_events(events)]
    assert texts
    for text in texts:
        print(text)
    for text in texts:
        _assert_reads_well(text)
