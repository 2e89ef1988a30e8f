"""Every trial template reaches an end on random outputs (no AND-join deadlock, no loop without
exit) and its plain path reaches every statutory step before the period has run out."""

from __future__ import annotations

import pytest

from nodes.simulation import simulate_template
from tests.nodes._trial_paths import TRIAL_TEMPLATES, graph, shipped


@pytest.mark.parametrize("code", TRIAL_TEMPLATES)
def test_every_random_run_ends_and_the_plain_path_is_on_time(code):
    runs = simulate_template(code, graph(code), shipped()[1], runs=60, seed=8)
    plain, randoms = runs[0], runs[1:]
    assert plain.ended and plain.late == []
    failures = [(r.seed, r.failure) for r in randoms if not r.ended]
    assert failures == []
