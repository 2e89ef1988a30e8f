"""One owner per act (the S05 duplicates merged into the specialist standards) and clocks that
start at the legal event (issue 8, second edition)."""

from __future__ import annotations

from tests.nodes._trial_paths import graph, shipped

MERGED = {  # removed S05 node → the specialist node that owns the act
    "S05-012": "S06-001",
    "S05-022": "S06-014",
    "S05-023": "S06-015",
    "S05-029": "S09-031",
    "S05-079": "S10-040",
}


def test_the_s05_duplicates_are_gone_and_their_owners_are_used():
    _graphs, nodes = shipped()
    assert not set(MERGED) & set(nodes)
    used = {s["node"] for code in ("civil_ordinary", "preservation") for s in graph(code)["steps"]}
    assert set(MERGED.values()) <= used


def test_record_reading_and_correction_clocks_start_when_the_hearing_closes():
    nodes = shipped()[1]
    for code in ("S20-020", "S21-020", "S20-037"):
        starts = nodes[code]["time_limit"]["starts"]
        assert starts == {"event": "output", "node": "S20-014", "field": "closed_at"}, code


def test_contract_time_limits_carry_no_legal_basis():
    nodes = shipped()[1]
    for code in ("S02-011", "S05-024", "S06-016", "S05-037", "S05-046", "S05-053", "S05-083"):
        assert "basis" not in nodes[code]["time_limit"], code
    # the party's 30 days to apply for confirmation is not the worker's time limit
    assert nodes["S02-043"]["time_limit"] == {
        "amount": 1,
        "unit": "working_days",
        "starts": "document_received",
    }
