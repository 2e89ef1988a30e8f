"""The read-only API company systems use to read the standards they work to."""

from __future__ import annotations


def test_company_staff_read_boards_standards_node_types_and_templates(
    fixture_library, client_for, staff_x
):
    client = client_for(staff_x)
    boards = client.get("/api/nodes/boards/").json()
    assert {b["code"]: b["node_types"] for b in boards}["service"] == 5
    standards = client.get("/api/nodes/standards/").json()
    assert [s["code"] for s in standards] == ["S01", "S02"]
    versions = client.get("/api/nodes/standards/S01/versions/").json()
    assert versions[0]["version"] == 1 and versions[0]["status"] == "published"
    listing = client.get("/api/nodes/node-types/", {"performer": "judge"}).json()
    assert [n["code"] for n in listing["results"]] == ["S02-003"]
    node = client.get("/api/nodes/node-types/S01-002/").json()
    assert node["time_limit"] == {
        "amount": 3,
        "unit": "statutory_days",
        "starts": "case_filed",
        "basis": "民事诉讼法第128条",
    }
    assert node["checklist"][1]["threshold"] == 300
    templates = client.get("/api/nodes/templates/").json()
    assert templates[0]["code"] == "civil_test"
    detail = client.get("/api/nodes/templates/civil_test/").json()
    steps = {s["id"]: s for s in detail["current"]["steps"]}
    assert (
        steps["intake"]["is_start"]
        and steps["close"]["is_end"]
        and steps["schedule"]["join"] == "all"
    )
    assert any(e["rework"] for e in detail["current"]["edges"])


def test_the_api_is_read_only_and_needs_a_login(fixture_library, client, client_for, office_a):
    assert client.get("/api/nodes/boards/").status_code in (401, 403)
    assert client_for(office_a).post("/api/nodes/standards/", {}).status_code == 405
