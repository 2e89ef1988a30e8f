"""A draft edit that read the rule set before a publish must not write it back to draft (the
lost update of ``ruleset_update``): every draft edit locks the row, re-checks "draft" and saves
only the fields it changed."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from courtops.core.cases.choices import RuleSetStatus
from courtops.core.cases.services import (
    rule_add,
    ruleset_draft,
    ruleset_publish,
    ruleset_update,
)
from courtops.core.exceptions import Conflict
from courtops.core.models import AllocationRule, AllocationRuleSet

from .conftest import cause, staffed_unit


def test_an_edit_through_a_stale_draft_after_a_publish_is_refused(court_a, office_a):
    stale = ruleset_draft(actor=office_a, court=court_a)  # the editor's page loaded the draft
    ruleset_publish(actor=office_a, rule_set=stale, note="v1")  # someone else publishes it
    assert stale.status == RuleSetStatus.DRAFT  # the editor still holds the old object
    with pytest.raises(Conflict, match=r"current state: Active"):  # English in tests/cases
        ruleset_update(actor=office_a, rule_set=stale, tie_break="unit_number")
    published = AllocationRuleSet.objects.get(pk=stale.pk)
    assert published.status == RuleSetStatus.ACTIVE and published.tie_break != "unit_number"


def test_a_rule_added_through_a_stale_draft_after_a_publish_is_refused(court_a, office_a):
    unit = staffed_unit(court_a, 1, ["民间借贷纠纷"], judges=1, assistants=0)
    stale = ruleset_draft(actor=office_a, court=court_a)
    ruleset_publish(actor=office_a, rule_set=stale)
    with pytest.raises(Conflict):
        rule_add(actor=office_a, rule_set=stale, cause=cause("民间借贷纠纷"), units=[unit])
    assert not AllocationRule.objects.filter(rule_set=stale).exists()


def test_an_edit_saves_only_the_fields_it_changed(court_a, office_a):
    draft = ruleset_draft(actor=office_a, court=court_a)
    ruleset_update(actor=office_a, rule_set=draft, note="first")
    other_page = AllocationRuleSet.objects.get(pk=draft.pk)
    ruleset_update(actor=office_a, rule_set=draft, tie_break="unit_number")
    ruleset_update(actor=office_a, rule_set=other_page, note="second")  # stale tie_break
    fresh = AllocationRuleSet.objects.get(pk=draft.pk)
    assert (fresh.tie_break, fresh.note) == ("unit_number", "second")


def test_publishing_twice_changes_nothing_the_second_time(court_a, office_a):
    draft = ruleset_draft(actor=office_a, court=court_a)
    first = ruleset_publish(actor=office_a, rule_set=draft)
    again = ruleset_publish(actor=office_a, rule_set=draft)
    assert first.published_at == again.published_at
    assert AllocationRuleSet.objects.get(pk=draft.pk).status == RuleSetStatus.ACTIVE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_edit_racing_a_publish_waits_for_it_and_does_not_undo_it(court_a, office_a):
    stale = ruleset_draft(actor=office_a, court=court_a)
    published, release, edit_done = threading.Event(), threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def publish_and_hold():
        try:
            with transaction.atomic():
                ruleset_publish(actor=office_a, rule_set=stale)
                published.set()
                release.wait(10)  # keep the publish (and its row lock) uncommitted
        except BaseException as exc:  # noqa: BLE001
            outcome["publish"] = exc
        finally:
            connection.close()

    def edit():
        try:
            published.wait(10)
            ruleset_update(actor=office_a, rule_set=stale, tie_break="unit_number")
            outcome["edit"] = "saved"
        except BaseException as exc:  # noqa: BLE001
            outcome["edit"] = exc
        finally:
            edit_done.set()
            connection.close()

    threads = [threading.Thread(target=publish_and_hold), threading.Thread(target=edit)]
    for t in threads:
        t.start()
    published.wait(10)
    time.sleep(0.5)
    assert not edit_done.is_set(), "the edit did not wait for the publish's row lock"
    release.set()
    for t in threads:
        t.join(20)
    assert "publish" not in outcome, outcome
    assert isinstance(outcome["edit"], Conflict), outcome
    row = AllocationRuleSet.objects.get(pk=stale.pk)
    assert row.status == RuleSetStatus.ACTIVE and row.tie_break != "unit_number"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_publish_racing_an_edit_waits_and_publishes_the_edited_draft(court_a, office_a):
    draft = ruleset_draft(actor=office_a, court=court_a)
    edited, release, publish_done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def edit_and_hold():
        try:
            with transaction.atomic():
                ruleset_update(actor=office_a, rule_set=draft, tie_break="unit_number")
                edited.set()
                release.wait(10)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    def publish():
        try:
            edited.wait(10)
            ruleset_publish(actor=office_a, rule_set=draft)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            publish_done.set()
            connection.close()

    threads = [threading.Thread(target=edit_and_hold), threading.Thread(target=publish)]
    for t in threads:
        t.start()
    edited.wait(10)
    time.sleep(0.5)
    assert not publish_done.is_set(), "the publish did not wait for the edit's row lock"
    release.set()
    for t in threads:
        t.join(20)
    assert not errors, errors
    row = AllocationRuleSet.objects.get(pk=draft.pk)
    assert (row.status, row.tie_break) == (RuleSetStatus.ACTIVE, "unit_number")
