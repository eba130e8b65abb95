"""Personal data in comments: found, masked in the public text, highlighted for moderators."""
from __future__ import annotations

import pytest

from participation.comments import personal_data, services
from participation.comments.personal_data import MASK, Span
from participation.comments.services import Submitter
from participation.extensions import db
from tests.comments.conftest import World

PHONES = ["010-1234-5678", "01012345678", "02-123-4567", "+82 10-1234-5678", "010.1234.5678", "010 1234 5678",
          "+82-10-1234-5678", "031-123-4567", "070-1234-5678", "+82 2-123-4567"]
EMAILS = ["kim@example.org", "lee.minho+tag@mail.seoul.go.kr", "a_b-c@sub.example.co.kr"]
RRNS = ["900101-1234567", "9001011234567", "021231-4123456", "900101 - 2234567"]
NOT_PERSONAL = [
    "2016-12-21", "2017.01.20", "20161221", "3-1-7", "과제 3-1-7 (전략 3)", "자료 14~18쪽", "pp. 14~18",
    "예산 1,234,567원", "2016-2018년 계획", "제1차 회의 10:00-12:00", "12-34-56", "v1.2.3", "100%",
    "회의는 2017-01-20 14:00에 열립니다", "3-1-7, 3-1-8, 3-2-1 과제", "1234-5678",
]


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start:s.end]) for s in personal_data.find(text)]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_numbers_are_found(phone):
    text = f"제 번호는 {phone} 입니다."
    assert kinds(text) == [("phone", phone)]


@pytest.mark.parametrize("email", EMAILS)
def test_email_addresses_are_found(email):
    text = f"메일({email})로 연락 주세요"
    assert kinds(text) == [("email", email)]


@pytest.mark.parametrize("rrn", RRNS)
def test_resident_registration_numbers_are_found(rrn):
    text = f"주민번호 {rrn} 입니다"
    assert kinds(text) == [("rrn", rrn)]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_dates_task_codes_and_page_ranges_are_not_flagged(text):
    assert personal_data.find(text) == []


def test_several_kinds_in_order_with_code_point_offsets():
    text = "👍 홍길동 010-1234-5678, hong@example.org, 900101-1234567 끝"
    spans = personal_data.find(text)
    assert [s.kind for s in spans] == ["phone", "email", "rrn"]
    assert [text[s.start:s.end] for s in spans] == ["010-1234-5678", "hong@example.org", "900101-1234567"]
    assert spans[0].start == text.index("010")  # code points: the emoji is one character
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def test_mask_replaces_characters_but_keeps_white_space():
    text = "번호 +82 10-1234-5678\n끝"
    masked = personal_data.mask(text, personal_data.find(text))
    assert masked == "번호 ●●● " + "●" * len("10-1234-5678") + "\n끝"
    assert len(masked) == len(text)


def test_mask_takes_pairs_and_clamps_to_the_text():
    assert personal_data.mask("abcdef", [(1, 3), (5, 99), (-4, 0)]) == "a●●de●"
    assert personal_data.mask("abc", []) == "abc"
    assert personal_data.mask("abc", [Span("phone", 0, 1)]) == f"{MASK}bc"


def test_highlight_escapes_html_and_marks_personal_data():
    text = '<script>alert("x")</script> 010-1234-5678 & <b>kim@example.org</b>'
    html = str(personal_data.highlight(text))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert '<mark class="pii" data-kind="phone">010-1234-5678</mark>' in html
    assert '<mark class="pii" data-kind="email">kim@example.org</mark>' in html
    assert " &amp; &lt;b&gt;" in html and "&lt;/b&gt;" in html


def test_highlight_without_personal_data_is_just_escaped():
    assert str(personal_data.highlight("a < b")) == "a &lt; b"
    assert str(personal_data.highlight("3-1-7 과제, 14~18쪽")) == "3-1-7 과제, 14~18쪽"


# --- in comments -------------------------------------------------------------------------------------


@pytest.mark.parametrize("secret", [*PHONES[:4], *EMAILS[:1], *RRNS[:1]])
def test_public_body_masks_what_body_keeps(world: World, app_ctx, secret):
    body = f"연락처: {secret} (회의 자료 14~18쪽, 과제 3-1-7, 2016-12-21 기준)"
    comment, _ = services.submit(world.item_, Submitter(user=world.user("citizen")), body=body, stance="concern",
                                 client_key="pii-1")
    db.session.commit()
    db.session.expire_all()
    assert comment.body == body
    assert secret not in comment.public_body
    assert comment.public_body == body.replace(secret, "".join(" " if ch == " " else MASK for ch in secret))
    assert "14~18쪽, 과제 3-1-7, 2016-12-21 기준" in comment.public_body
