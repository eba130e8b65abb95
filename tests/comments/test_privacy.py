"""The privacy page, /privacy: public, in Korean and English, naming what is stored, for how long, who sees
what, the licence and the consent text, downloading and deleting one's data, guests; linked from every page's
footer."""
from __future__ import annotations

import re

import pytest

from participation.comments.consents import CONSENT_VERSION
from tests.conftest import AuthActions

SECTIONS = ["stored", "how-long", "who-sees", "licence", "your-account", "guests"]
WORDS = {
    "en": ["Privacy and your data", "What is stored", "password, stored only as a hash", "For how long",
           "Who sees what", "Moderators", "Administrators", "Creative Commons Attribution 4.0 International",
           "I agree that once a moderator approves my comment", f"version {CONSENT_VERSION}",
           "download your data", "delete your account", "former participant", "Guests", "session cookie"],
    "ko": ["개인정보와 내 데이터", "저장하는 정보", "비밀번호", "보관 기간", "누가 무엇을 보는가", "운영자", "관리자",
           "Creative Commons Attribution 4.0 International", "운영자가 승인한 제 의견은 이 플랫폼에 공개되고",
           f"버전 {CONSENT_VERSION}", "내려받", "계정을 삭제", "탈퇴한 시민", "비회원", "세션 쿠키"],
}


def page(app, url: str, lang: str | None = None) -> str:
    client = app.test_client()
    if lang:
        client.set_cookie("lang", lang)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_privacy_page_says_what_is_stored_and_who_sees_it(app, lang):
    html = page(app, "/privacy", lang)
    assert f'<html lang="{lang}">' in html
    main = html[html.index('<main'):html.index('</main>')]
    for section in SECTIONS:
        assert f'<h2 id="{section}">' in main
    missing = [word for word in WORDS[lang] if word not in main]
    assert missing == []
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in main


def test_the_privacy_page_links_the_account_page_for_a_logged_in_user(app, world):
    client = app.test_client()
    assert AuthActions(client).login("citizen@example.org").status_code == 302
    assert 'href="/account"' in client.get("/privacy").get_data(as_text=True).split("<main", 1)[1]


@pytest.mark.parametrize("lang, label", [("ko", "개인정보와 내 데이터"), ("en", "Privacy and your data")])
def test_every_page_links_the_privacy_page_from_its_footer(app, world, lang, label):
    for url in ("/", f"/meetings/{world.meeting}", f"/meetings/{world.meeting}/items/{world.item}", "/login",
                "/moderation-policy", "/privacy", "/meetings/999999"):
        client = app.test_client()
        client.set_cookie("lang", lang)
        html = client.get(url).get_data(as_text=True)
        footer = html[html.index('<footer class="site-footer">'):]
        assert re.search(rf'<a href="/privacy">{label}</a>', footer), url
