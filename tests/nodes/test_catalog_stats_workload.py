"""`catalog stats --json` gives per template the plain path's steps, work orders, work orders
reviewed always, and the expected reviews per assistant per working day at the model court's
volume, with the assumptions it rests on."""

from __future__ import annotations

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from tests.nodes.conftest import FIXTURE_LIBRARY

MAILING = """
work_orders:
  - {id: mailing, name: 一次邮寄, steps: [address, post], review: sampled, sample_rate: 0.25,
     pay_unit: item}
"""


@pytest.mark.django_db
def test_stats_count_the_work_orders_and_reviews_of_the_plain_path(tmp_path):
    root = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    frag = root / "fragments" / "mail_service.yaml"
    frag.write_text(frag.read_text(encoding="utf-8") + MAILING, encoding="utf-8")
    call_command("catalog", "load", "--partial", "--path", str(root), stdout=StringIO())
    out = StringIO()
    call_command("catalog", "stats", "--json", stdout=out)
    stats = json.loads(out.getvalue())
    civil = stats["per_template"]["civil_test"]
    # intake, two mailings (address+post each) with their archive step, schedule, close
    assert civil["plain_path_steps"] == 9
    assert civil["plain_path_work_orders"] == 7
    # intake and the two archive steps are reviewed always; each mailing 1 in 4
    assert civil["plain_path_reviewed_always"] == 3
    assert civil["plain_path_reviews_per_case"] == 3.5
    load = stats["review_load"]
    assert (load["cases_per_year"], load["assistants"], load["working_days"]) == (68000, 150, 250)
    expected = load["case_mix"]["civil_ordinary"] * 68000 * 3.5 / 150 / 250
    assert civil["reviews_per_assistant_per_day"] == round(expected, 2)
    assert load["reviews_per_assistant_per_day"] == civil["reviews_per_assistant_per_day"]
    assert abs(sum(load["case_mix"].values()) - 1) < 1e-9
