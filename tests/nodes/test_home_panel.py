from __future__ import annotations


def test_office_sees_the_library_size_on_the_home_page(
    fixture_library, client_for, office_a, staff_x
):
    page = client_for(office_a).get("/").content.decode()
    assert "/nodes/search/" in page and "流程模板" in page
    assert "/nodes/search/" not in client_for(staff_x).get("/").content.decode()
