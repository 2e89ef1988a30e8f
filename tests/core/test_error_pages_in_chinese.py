"""Every error a person can meet gets the app's own page in Chinese — 400, 403, 404, 413, 414,
500 — and the messages that used to slip through in English (a case that does not exist,
Django's password-length rule, statute citations) read in Chinese."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from courtops.core import errors
from courtops.core.statutes import chinese_number, render_citations
from courtops.urls import urlpatterns as real_urls


def _boom(request):
    raise RuntimeError("boom")


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("bad/", _bad),
    *real_urls,
]
handler400 = "courtops.core.errors.bad_request"
handler403 = "courtops.core.errors.permission_denied"
handler404 = "courtops.core.errors.page_not_found"
handler500 = "courtops.core.errors.server_error"


@pytest.fixture
def plain_client(db):
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="zh-hans")


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize(
    ("url", "status", "title"),
    [
        ("/no-such-page/", 404, "页面不存在"),
        ("/forbidden/", 403, "您无权打开此页面"),
        ("/bad/", 400, "请求无法识别"),
        ("/boom/", 500, "系统出错了"),
        ("/?q=" + "长" * 5000, 414, "网址过长"),
    ],
)
def test_each_error_gets_the_apps_own_chinese_page(plain_client, url, status, title):
    response = plain_client.get(url)
    assert response.status_code == status
    page = response.content.decode()
    assert 'data-testid="error-page"' in page and title in page
    assert "Not Found" not in page and "Server Error" not in page


def test_a_body_too_large_gets_the_413_page(plain_client, settings):
    settings.COURTOPS_MAX_UPLOAD_BYTES = 1024
    response = plain_client.post(
        "/cases/import/", data=b"x" * (3 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "上传的文件过大" in response.content.decode()


def test_an_unknown_api_address_answers_json(plain_client):
    response = plain_client.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_gunicorn_accepts_request_lines_longer_than_the_apps_own_limit(settings):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for file in ("bin/run-demo", "docker-compose.yml", "Dockerfile"):
        assert "limit-request-line" in (root / file).read_text(), file
    assert settings.COURTOPS_MAX_URL_LENGTH < 8190 - 100


def test_a_missing_case_and_a_short_password_are_reported_in_chinese(
    office_a, client_for, settings
):
    client = client_for(office_a)
    page = client.get("/cases/999999/").content.decode()
    assert "案件不存在" in page and "No such case" not in page
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password("Ab1!x")
    assert any("密码太短" in m for m in refused.value.messages)


def test_statute_citations_render_in_chinese_with_chinese_numerals():
    assert render_citations("CPL Art. 152", "zh-hans") == "《民事诉讼法》第一百五十二条"
    assert (
        render_citations("2000审限规定 Art. 5", "zh-hans")
        == "《最高人民法院关于严格执行案件审理期限制度的若干规定》第五条"
    )
    assert render_citations("民事诉讼法第128条；财产保全规定第4条", "zh-hans") == (
        "《民事诉讼法》第一百二十八条；《最高人民法院关于人民法院办理财产保全案件若干问题的规定》第四条"
    )
    assert render_citations("刑诉法 Art. 208", "en") == "CrPL Art. 208"
    assert [chinese_number(n) for n in (10, 18, 110, 208, 1001)] == [
        "十",
        "十八",
        "一百一十",
        "二百零八",
        "一千零一",
    ]
    assert errors.TITLES.keys() == {400, 403, 404, 413, 414, 500}
