"""Two allocators at once must not both read the same stale loads (PostgreSQL row locks)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from courtops.core.actors import SYSTEM
from courtops.core.cases.services import cases_allocate
from courtops.core.models import Case

from .conftest import register, staffed_unit


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_second_allocator_waits_and_sees_the_first_ones_case(court_a):
    staffed_unit(court_a, 1, ["民间借贷纠纷"])
    staffed_unit(court_a, 2, ["民间借贷纠纷"])
    first, second = register(court_a, 1), register(court_a, 2)
    allocated, release, second_done = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold_open():
        try:
            with transaction.atomic():
                cases_allocate(actor=SYSTEM, court=court_a, case_ids=[first.pk])
                allocated.set()
                release.wait(10)  # keep the transaction (and its locks) open
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    def allocate_second():
        try:
            allocated.wait(10)
            cases_allocate(actor=SYSTEM, court=court_a, case_ids=[second.pk])
            second_done.set()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=hold_open), threading.Thread(target=allocate_second)]
    for t in threads:
        t.start()
    allocated.wait(10)
    time.sleep(0.5)
    assert not second_done.is_set(), "the second allocator did not wait for the first"
    release.set()
    for t in threads:
        t.join(20)
    assert not errors, errors
    units = dict(Case.objects.values_list("pk", "trial_unit__number"))
    assert {units[first.pk], units[second.pk]} == {1, 2}
