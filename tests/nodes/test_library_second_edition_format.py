"""The second-edition file format: work orders, waits, clocks started by a recorded output,
foreign-party periods and court levels — validated, loaded and stored per version."""

from __future__ import annotations

import shutil

import pytest

from courtops.core.actors import SYSTEM
from courtops.core.choices import CourtLevel
from courtops.core.exceptions import ValidationFailed
from nodes.catalog import read_library
from nodes.models import NodeSpec, TemplateStep, TemplateVersion, WorkOrderSpec
from nodes.selectors import templates_offered, version_to_doc
from nodes.services import catalog_load
from nodes.services.catalog import template_graph_of
from nodes.validation import validate_library
from tests.nodes.conftest import FIXTURE_LIBRARY

WORK_ORDER = """
work_orders:
  - {id: mailing, name: 一次邮寄, name_en: One posting, steps: [address, post],
     review: sampled, sample_rate: 0.25, pay_unit: item}
"""

WAIT = """
  - code: S02-009
    kind: wait
    name: 答辩期
    name_en: Answer period
    instruction: 被告收到起诉状副本之日起15日内提出答辩状；在中华人民共和国领域内没有住所的为30日。
    period:
      amount: 15
      unit: statutory_days
      starts: {event: output, node: S01-002, field: posted_on}
      basis: 民事诉讼法第128条
      foreign: {amount: 30, unit: statutory_days, basis: 民事诉讼法第285条}
    outputs:
      - {name: answer_filed, label: 是否答辩, type: boolean}
"""


def _library(tmp_path, *, fragment_extra="", wait=False, edit=None):
    root = tmp_path / "library"
    shutil.copytree(FIXTURE_LIBRARY, root)
    frag = root / "fragments" / "mail_service.yaml"
    frag.write_text(frag.read_text(encoding="utf-8") + fragment_extra, encoding="utf-8")
    if wait:
        s01 = root / "standards" / "01-fixture-service.yaml"
        s01.write_text(
            s01.read_text(encoding="utf-8").replace(
                "      - {name: pages, label: 页数, type: page_count, min: 1}",
                "      - {name: pages, label: 页数, type: page_count, min: 1}\n"
                "      - {name: posted_on, label: 交邮日期, type: date}",
            ),
            encoding="utf-8",
        )
        s02 = root / "standards" / "02-fixture-trial.yaml"
        s02.write_text(s02.read_text(encoding="utf-8").rstrip() + "\n" + WAIT, encoding="utf-8")
        tpl = root / "templates" / "civil_test.yaml"
        tpl.write_text(
            tpl.read_text(encoding="utf-8")
            .replace(
                "  - {id: close, node: S02-003, end: true}",
                "  - {id: answer_period, node: S02-009}\n  - {id: close, node: S02-003, end: true}",
            )
            .replace(
                "  - {from: schedule, to: close}",
                "  - {from: schedule, to: answer_period}\n  - {from: answer_period, to: close}",
            ),
            encoding="utf-8",
        )
    if edit:
        edit(root)
    return root


def _problems(root):
    return [str(p) for p in validate_library(read_library(root), complete=False)]


def test_a_declared_work_order_validates(tmp_path):
    assert _problems(_library(tmp_path, fragment_extra=WORK_ORDER)) == []


def test_a_work_order_entered_at_two_steps_is_refused(tmp_path):
    bad = WORK_ORDER.replace("[address, post]", "[address, archive]")
    problems = _problems(_library(tmp_path, fragment_extra=bad))
    assert any("work order service_a.mailing" in p and "entered by one step" in p for p in problems)


def test_a_work_order_mixing_performers_is_refused(tmp_path):
    bad = WORK_ORDER.replace("[address, post]", "[post, archive]")
    problems = _problems(_library(tmp_path, fragment_extra=bad))
    assert any("one performer does a work order" in p for p in problems)


def test_a_step_in_two_work_orders_is_refused(tmp_path):
    twice = WORK_ORDER + (
        "  - {id: again, name: 再次, steps: [post], review: always, pay_unit: task}\n"
    )
    problems = _problems(_library(tmp_path, fragment_extra=twice))
    assert any("step post is also in work order mailing" in p for p in problems)


def test_a_template_without_court_levels_is_refused(tmp_path):
    def drop(root):
        tpl = root / "templates" / "civil_test.yaml"
        tpl.write_text(
            tpl.read_text(encoding="utf-8").replace(
                "court_levels: [basic, intermediate, high]\n", ""
            ),
            encoding="utf-8",
        )

    problems = _problems(_library(tmp_path, edit=drop))
    assert any("court_levels missing" in p for p in problems)


def test_a_wait_with_a_clock_from_a_recorded_date_validates(tmp_path):
    assert _problems(_library(tmp_path, wait=True)) == []


def test_a_clock_started_by_a_field_that_is_no_date_is_refused(tmp_path):
    def wrong_field(root):
        s02 = root / "standards" / "02-fixture-trial.yaml"
        s02.write_text(
            s02.read_text(encoding="utf-8").replace("field: posted_on", "field: pages"),
            encoding="utf-8",
        )

    problems = _problems(_library(tmp_path, wait=True, edit=wrong_field))
    assert any("S01-002.pages is not a date output" in p for p in problems)


def test_a_wait_with_a_performer_is_refused(tmp_path):
    def performer(root):
        s02 = root / "standards" / "02-fixture-trial.yaml"
        s02.write_text(
            s02.read_text(encoding="utf-8").replace(
                "    kind: wait\n", "    kind: wait\n    performer: judge\n"
            ),
            encoding="utf-8",
        )

    problems = _problems(_library(tmp_path, wait=True, edit=performer))
    assert any("a wait has no ['performer']" in p for p in problems)


@pytest.mark.django_db
def test_loading_stores_work_orders_for_the_engine(tmp_path):
    catalog_load(actor=SYSTEM, root=_library(tmp_path, fragment_extra=WORK_ORDER), complete=False)
    version = TemplateVersion.objects.get(template__code="civil_test")
    mailing = WorkOrderSpec.objects.get(version=version, wo_id="service_a.mailing")
    assert (mailing.declared, mailing.review, str(mailing.sample_rate), mailing.pay_unit) == (
        True,
        "sampled",
        "0.250",
        "item",
    )
    assert sorted(mailing.steps.values_list("step_id", flat=True)) == [
        "service_a.address",
        "service_a.post",
    ]
    # a step in no declared work order is one of its own, with its node's review and pay unit
    archive = TemplateStep.objects.get(version=version, step_id="service_a.archive").work_order
    assert (archive.declared, archive.review, archive.pay_unit, archive.performer) == (
        False,
        "always",
        "document",
        "judge_assistant",
    )
    # every step has a work order; 2 declared (one per fragment use) + 7 single steps
    assert not TemplateStep.objects.filter(version=version, work_order=None).exists()
    assert version.work_orders.count() == 9


@pytest.mark.django_db
def test_the_stored_template_gives_back_the_graph_it_was_loaded_from(tmp_path):
    from nodes.catalog import expand_template

    root = _library(tmp_path, fragment_extra=WORK_ORDER)
    catalog_load(actor=SYSTEM, root=root, complete=False)
    lib = read_library(root)
    fragments = {f.doc["code"]: f.doc for f in lib.fragments}
    graph = expand_template(lib.templates[0].doc, fragments)
    version = TemplateVersion.objects.get(template__code="civil_test")
    assert template_graph_of(version) == graph


@pytest.mark.django_db
def test_a_wait_loads_and_reloading_changes_nothing(tmp_path):
    root = _library(tmp_path, wait=True)
    catalog_load(actor=SYSTEM, root=root, complete=False)
    spec = NodeSpec.objects.published().get(code="S02-009")
    assert (spec.kind, spec.time_amount, spec.time_starts, spec.time_start_ref) == (
        "wait",
        15,
        "output",
        {"node": "S01-002", "field": "posted_on"},
    )
    assert spec.time_foreign == {
        "amount": 30,
        "unit": "statutory_days",
        "basis": "民事诉讼法第285条",
    }
    assert version_to_doc(spec.version)["nodes"][-1]["period"]["foreign"]["amount"] == 30
    # no work order for a wait
    assert TemplateStep.objects.get(step_id="answer_period").work_order is None
    assert not catalog_load(actor=SYSTEM, root=root, complete=False).changed


@pytest.mark.django_db
def test_changing_a_work_order_needs_a_new_template_version_and_keeps_the_old(tmp_path):
    root = _library(tmp_path, fragment_extra=WORK_ORDER)
    catalog_load(actor=SYSTEM, root=root, complete=False)
    frag = root / "fragments" / "mail_service.yaml"
    frag.write_text(
        frag.read_text(encoding="utf-8").replace(
            "review: sampled, sample_rate: 0.25", "review: always"
        ),
        encoding="utf-8",
    )
    report = catalog_load(actor=SYSTEM, root=root, complete=False)
    assert report.templates_created == ["civil_test v2"]
    old, new = TemplateVersion.objects.filter(template__code="civil_test").order_by("version")
    assert old.work_orders.get(wo_id="service_a.mailing").review == "sampled"
    assert new.work_orders.get(wo_id="service_a.mailing").review == "always"


@pytest.mark.django_db
def test_a_basic_court_is_not_offered_a_template_that_runs_at_higher_courts(tmp_path, court_a):
    def higher_only(root):
        tpl = root / "templates" / "civil_test.yaml"
        tpl.write_text(
            tpl.read_text(encoding="utf-8").replace(
                "court_levels: [basic, intermediate, high]", "court_levels: [intermediate, high]"
            ),
            encoding="utf-8",
        )

    catalog_load(actor=SYSTEM, root=_library(tmp_path, edit=higher_only), complete=False)
    assert court_a.level == CourtLevel.BASIC
    assert templates_offered(court=court_a, procedure="civil_ordinary") == []
    court_a.level = CourtLevel.INTERMEDIATE
    assert [t.code for t in templates_offered(court=court_a, procedure="civil_ordinary")] == [
        "civil_test"
    ]


def test_loading_refuses_a_work_order_of_unknown_review(tmp_path, db):
    bad = WORK_ORDER.replace("review: sampled, sample_rate: 0.25", "review: sometimes")
    with pytest.raises(ValidationFailed):
        catalog_load(actor=SYSTEM, root=_library(tmp_path, fragment_extra=bad), complete=False)


@pytest.mark.django_db
def test_a_wait_and_its_clocks_round_trip_through_excel(tmp_path, platform_admin):
    from nodes.models import Standard
    from nodes.services import standard_export_excel, standard_import_excel

    root = _library(tmp_path, wait=True)
    s01 = root / "standards" / "01-fixture-service.yaml"
    s01.write_text(
        s01.read_text(encoding="utf-8").replace(
            "time_limit: {amount: 3, unit: statutory_days, starts: case_filed, "
            "basis: 民事诉讼法第128条}",
            "time_limit: {amount: 3, unit: statutory_days, starts: {event: output, node: S02-001, "
            "field: filed_on}, basis: 民事诉讼法第128条, foreign: {amount: 30, unit: statutory_days, "
            "basis: 民事诉讼法第285条}}",
        ),
        encoding="utf-8",
    )
    s02 = root / "standards" / "02-fixture-trial.yaml"
    text = s02.read_text(encoding="utf-8")
    first_outputs = text.index("outputs:", text.index("code: S02-001")) + len("outputs:\n")
    s02.write_text(
        text[:first_outputs]
        + "      - {name: filed_on, label: 立案日期, type: date}\n"
        + text[first_outputs:],
        encoding="utf-8",
    )
    assert _problems(root) == []
    catalog_load(actor=SYSTEM, root=root, complete=False)
    for code in ("S01", "S02"):
        published = Standard.objects.get(code=code).current
        data = standard_export_excel(version=published, actor=platform_admin)
        draft = standard_import_excel(actor=platform_admin, data=data, filename=f"{code}.xlsx")
        assert draft.content_hash == published.content_hash, code


@pytest.mark.django_db
def test_publishing_a_draft_that_splits_a_work_orders_performers_is_refused(
    tmp_path, platform_admin
):
    from nodes.services import node_spec_update, standard_draft_create, standard_version_publish

    catalog_load(actor=SYSTEM, root=_library(tmp_path, fragment_extra=WORK_ORDER), complete=False)
    draft = standard_draft_create(actor=platform_admin, standard_code="S01")
    spec = draft.specs.get(code="S01-002")
    node_spec_update(actor=platform_admin, spec_id=spec.pk, changes={"performer": "judge"})
    with pytest.raises(ValidationFailed) as refused:
        standard_version_publish(actor=platform_admin, version_id=draft.pk)
    assert any("one performer does a work order" in e for e in refused.value.errors)


@pytest.mark.django_db
def test_an_intermediate_court_created_as_such_is_offered_the_second_instance(tmp_path):
    from courtops.core.services.people import court_create

    catalog_load(actor=SYSTEM, root=_library(tmp_path), complete=False)
    court = court_create(
        actor=SYSTEM, code="粤19", name="东莞市中级人民法院", province="广东", level="intermediate"
    )
    court.refresh_from_db()
    assert court.level == CourtLevel.INTERMEDIATE
    assert [t.code for t in templates_offered(court=court)] == ["civil_test"]
