"""The library pages: browse, search, standard, node, compare, templates (Chinese first)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from courtops.core.actors import SYSTEM
from nodes.models import Standard, StandardVersion
from nodes.services import standard_export_excel


def test_every_role_can_browse_the_library_in_chinese(
    fixture_library, client_for, staff_x, judge_a
):
    for person in (staff_x, judge_a):
        page = client_for(person).get(reverse("nodes:library"))
        assert page.status_code == 200
        text = page.content.decode()
        assert "标准库" in text or "操作规范" in text
        assert "测试送达规范" in text


def test_search_filters_by_keyword_performer_board_and_time_limit(
    fixture_library, client_for, judge_a
):
    client = client_for(judge_a)
    page = client.get(reverse("nodes:search"), {"q": "邮件号"}).content.decode()
    assert "S01-002" in page and "S01-001" not in page
    page = client.get(reverse("nodes:search"), {"performer": "judge"}).content.decode()
    assert "S02-003" in page and "S01-002" not in page
    page = client.get(
        reverse("nodes:search"), {"board": "trial", "has_limit": "false"}
    ).content.decode()
    assert "S02-001" in page and "S01-002" not in page
    page = client.get(reverse("nodes:search"), {"basis": "民事诉讼法"}).content.decode()
    assert "S01-002" in page and "S01-001" not in page


def test_the_node_page_shows_instruction_checklist_limit_basis_and_visibility(
    fixture_library, client_for, staff_x
):
    page = client_for(staff_x).get(reverse("nodes:node", args=["S01-002"])).content.decode()
    for text in (
        "将封装好的邮件交邮",
        "邮件号与面单一致",
        "《民事诉讼法》第一百二十八条",
        "≥",
        "300",
        "案号",
    ):
        assert text in page


def test_the_template_is_drawn_as_svg_with_links_to_node_pages(
    fixture_library, client_for, judge_a
):
    url = reverse("nodes:template", args=["civil_test"])
    page = client_for(judge_a).get(url, {"expand": "all"}).content.decode()
    assert "<svg" in page and 'href="/nodes/node/S01-002/"' in page
    assert "stroke-dasharray" in page  # the rework loop
    assert "AND" in page  # the AND-join
    assert "投递结果 = 妥投" in page  # a guard label, with the labels of field and choice
    assert "result = delivered" not in page


def test_office_imports_a_workbook_and_publishes_it_from_the_standard_page(
    fixture_library, client_for, platform_admin, monkeypatch
):
    from courtops.core.cases import tasks
    from courtops.core.cases.import_jobs import import_job_run
    from courtops.core.models import ImportJob

    sent: list[int] = []
    monkeypatch.setattr(tasks.import_job_run_task, "delay", sent.append)
    client = client_for(platform_admin)
    data = standard_export_excel(version=Standard.objects.get(code="S02").current, actor=SYSTEM)
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    wb["节点"]["B2"] = "立案信息录入与核对"
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "S02.xlsx"
    response = client.post(reverse("nodes:import", args=["S02"]), {"file": buf})
    # the workbook is parsed in the background, like the case ledger
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:import-job", args=[job.pk])
    assert not StandardVersion.objects.filter(status="draft").exists()
    import_job_run(job_id=job.pk)  # what the worker does
    page = client.get(response["Location"]).content.decode()
    draft = StandardVersion.objects.get(standard__code="S02", status="draft")
    assert 'data-testid="draft-link"' in page and f"?v={draft.version}" in page
    response = client.post(reverse("nodes:publish", args=["S02", draft.version]))
    assert response.status_code == 302
    assert (
        Standard.objects.get(code="S02").current.specs.get(code="S02-001").name
        == "立案信息录入与核对"
    )
    compare = client.get(reverse("nodes:compare", args=["S02"])).content.decode()
    assert 'class="changed"' in compare and "立案信息录入与核对" in compare
    export = client.get(reverse("nodes:export", args=["S02", 2]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("url_name", ["nodes:import"])
def test_a_judge_cannot_import(fixture_library, client_for, judge_a, url_name):
    data = standard_export_excel(version=Standard.objects.get(code="S02").current, actor=SYSTEM)
    buf = io.BytesIO(data)
    buf.name = "S02.xlsx"
    client_for(judge_a).post(reverse(url_name, args=["S02"]), {"file": buf})
    assert not StandardVersion.objects.filter(status="draft").exists()


def test_large_templates_are_drawn_with_fragments_folded_until_unfolded(
    fixture_library, client_for, judge_a
):
    url = reverse("nodes:template", args=["civil_test"])
    page = client_for(judge_a).get(url).content.decode()
    folded = page[page.index("<svg") : page.index("</svg>")]
    assert 'href="/nodes/node/S01-002/"' not in folded  # inside the folded fragment
    assert "?expand=service_a" in folded and "?expand=service_b" in folded
    one = client_for(judge_a).get(url, {"expand": "service_a"}).content.decode()
    assert 'href="/nodes/node/S01-002/"' in one and "?expand=service_b" in one
