"""In zh-hans mode no page shows an English sentence from the app's own catalogue or a bare
internal key (procedure keys, enum values, node field keys and choice values). Crawls the pages
each persona reaches from the home page by following links."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import polib
import pytest
from django.db import models

from courtops.core import choices as core_choices
from courtops.core.actors import SYSTEM
from courtops.core.cases import choices as case_choices
from courtops.core.cases.services import (
    cases_allocate,
    ruleset_draft,
    ruleset_publish,
    ruleset_update,
)
from nodes import choices as node_choices
from nodes.models import NodeSpec
from nodes.services import catalog_load
from tests.cases.conftest import register, staffed_unit
from tests.nodes.conftest import FIXTURE_LIBRARY

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [
    ROOT / "locale/zh_Hans/LC_MESSAGES/django.po",
    ROOT / "nodes/locale/zh_Hans/LC_MESSAGES/django.po",
]
# The audit trail's wording (field names, raw before/after) is issue 9 item 2, done separately.
SKIP = ("/static/", "/api/", "/admin/", "/accounts/logout", "/i18n/", "/media/", "/core/audit/")
PAGES_PER_PERSONA = 45
WORDS_ALLOWED = {"CourtOps", "English", "API", "Excel"}


def english_msgids() -> set[str]:
    """Sentences of our catalogues that have a Chinese translation: if one shows on a zh-hans
    page, something rendered it without translating."""
    found = set()
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            text = entry.msgid
            if (
                entry.translated()
                and entry.msgstr != text
                and " " in text.strip()
                and len(text) >= 12
                and "%" not in text
                and "{" not in text
            ):
                found.add(text)
    return found


def internal_keys() -> set[str]:
    keys: set[str] = set()
    for module in (core_choices, case_choices, node_choices):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, models.TextChoices):
                keys |= {v for v in value.values if "_" in v}
    keys |= set(node_choices.Severity.values)
    keys |= {v for v in node_choices.OutputType.values if len(v) > 4}
    for spec in NodeSpec.objects.all():
        for output in spec.outputs:
            keys.add(output["name"])
            keys |= {
                str(c["value"]) for c in output.get("choices") or [] if len(str(c["value"])) > 3
            }
    return keys - WORDS_ALLOWED


def visible_text(page: str) -> str:
    body = page.split("<body", 1)[-1]
    body = re.sub(r"(?is)<(script|style|title|select)\b.*?</\1>", " ", body)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    return html.unescape(body)


def crawl(client) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < PAGES_PER_PERSONA:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url, follow=True)
        if "text/html" not in response.get("Content-Type", ""):
            seen[url] = ""
            continue
        page = response.content.decode()
        seen[url] = page
        for href in re.findall(r'href="([/?][^"#]*)"', page):
            href = html.unescape(href)
            if href.startswith("?"):
                href = url.split("?")[0] + href
            if href.startswith(SKIP) or "export" in href or "template/" in href:
                continue
            if href not in seen and href not in queue:
                queue.append(href)
    return seen


@pytest.fixture
def a_court_in_use(court_a, office_a):
    catalog_load(actor=SYSTEM, root=FIXTURE_LIBRARY, complete=False)
    staffed_unit(court_a, 1, ["民间借贷纠纷", "离婚纠纷"])
    staffed_unit(court_a, 2, ["申请执行民事判决"])
    cases = [
        register(court_a, 1, procedure="civil_ordinary", filed=dt.date(2026, 3, 2)),
        register(court_a, 2, "离婚纠纷", filed=dt.date(2026, 10, 2)),
        register(court_a, 3, "申请执行民事判决", type_code="执", filed=dt.date(2026, 11, 2)),
    ]
    draft = ruleset_draft(actor=office_a, court=court_a)
    ruleset_update(
        actor=office_a,
        rule_set=draft,
        procedure_weights={"civil_ordinary": 2, "enforcement": 0.8},
        cause_weights={},
        note="规则",
    )
    ruleset_publish(actor=office_a, rule_set=draft, note="v1")
    cases_allocate(actor=office_a, court=court_a, case_ids=[c.pk for c in cases[:2]])
    return cases


def test_no_page_shows_an_untranslated_sentence_or_a_bare_key(
    a_court_in_use,
    client_for,
    office_a,
    judge_a,
    assistant_a,
    leader_a,
    supervisor_x,
    staff_x,
):
    sentences = english_msgids()
    keys = internal_keys()
    key_pattern = re.compile(
        r"(?<![A-Za-z0-9_\-./])("
        + "|".join(sorted(map(re.escape, keys), key=len, reverse=True))
        + r")(?![A-Za-z0-9_\-])"
    )
    problems: list[str] = []
    crawled: set[str] = set()
    pages = 0
    for person in (office_a, judge_a, assistant_a, leader_a, supervisor_x, staff_x):
        for url, page in crawl(client_for(person)).items():
            crawled.add(url.split("?")[0])
            if not page:
                continue
            pages += 1
            text = visible_text(page)
            for sentence in sentences:
                if sentence in text:
                    problems.append(f"{person.username} {url}: untranslated {sentence!r}")
            for match in key_pattern.finditer(text):
                problems.append(f"{person.username} {url}: bare key {match.group(1)!r}")
    assert pages > 40
    assert not problems, "\n".join(sorted(set(problems))[:60])
