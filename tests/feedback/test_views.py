"""The feedback pages (dashboard, item panel fragment, printable brief) on a meeting whose numbers are known
by hand (tests/feedback/world.py): exactly those numbers, only approved texts, no personal data unmasked,
no author's name; a draft meeting's pages only for its secretary."""
from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from participation.comments import services as comments
from participation.comments.models import Comment
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback.models import Theme, ThemeRun
from participation.meetings.services import agenda_of
from participation.record import exports
from participation.record import services as record_services
from tests import factories
from tests.conftest import AuthActions
from tests.feedback import world as world_module
from tests.feedback.world import CITIZEN_NAMES, GUEST, REPLY, SECRET
from tests.record.reading_data import add_version

STANCES = ("support", "oppose", "concern", "question", "suggestion")
PHASES = ("before", "live", "after")
REASONS = ("off_topic", "abusive", "personal_data", "spam", "duplicate", "other")


class Figures(HTMLParser):
    """Every `data-figure` on a page with its text, the attributes of every element, the ids."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.figures: dict[str, list[str]] = {}
        self.elements: list[tuple[str, dict]] = []
        self._open: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        self._open.append(attrs.get("data-figure"))
        if attrs.get("data-figure"):
            self.figures.setdefault(attrs["data-figure"], []).append("")

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for key in self._open:
            if key:
                self.figures[key][-1] += data

    def value(self, key: str) -> int:
        """The number shown under `key` (the same wherever it is shown)."""
        shown = {text.strip() for text in self.figures[key]}
        assert len(shown) == 1, (key, shown)
        return int(shown.pop())

    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.elements if attrs.get("id")]


def expected(scope: str, **counts) -> dict[str, int]:
    """Every key of a scope: the six figures and each stance, phase and reason (0 unless given)."""
    keys = ["submitted", "approved", "waiting", "rejected", "participants", "agrees",
            *(f"stance.{s}" for s in STANCES), *(f"phase.{p}" for p in PHASES), *(f"reason.{r}" for r in REASONS)]
    return {f"{scope}.{key}": counts.get(key.replace(".", "_"), 0) for key in keys}


ITEM_ONE = dict(submitted=5, approved=4, rejected=1, participants=4, agrees=4, stance_support=1, stance_oppose=1,
                stance_concern=1, stance_suggestion=1, phase_before=2, phase_live=1, phase_after=1, reason_spam=1)
ITEM_TWO = dict(submitted=3, waiting=2, rejected=1, participants=3, reason_off_topic=1)
TOTAL = dict(submitted=8, approved=4, waiting=2, rejected=2, participants=4, agrees=4, stance_support=1,
             stance_oppose=1, stance_concern=1, stance_suggestion=1, phase_before=2, phase_live=1, phase_after=1,
             reason_spam=1, reason_off_topic=1)


@pytest.fixture
def world(app_ctx):
    return world_module.build()


@pytest.fixture
def urls(world):
    meeting, (first, second) = world.meeting, world.items
    return {"dashboard": f"/meetings/{meeting.id}/feedback",
            "panel": f"/meetings/{meeting.id}/feedback/items/{first.id}/panel",
            "panel-2": f"/meetings/{meeting.id}/feedback/items/{second.id}/panel",
            "totals": f"/meetings/{meeting.id}/feedback/totals",
            "brief": f"/meetings/{meeting.id}/items/{first.id}/brief",
            "brief-2": f"/meetings/{meeting.id}/items/{second.id}/brief"}


def page(client, url: str, lang: str = "en") -> str:
    response = client.get(f"{url}?lang={lang}")
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def top_ids(html: str, section: str | None = None) -> list[int]:
    if section:
        html = html.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    return [int(n) for n in re.findall(r'<span class="comment-ref">#(\d+)</span>', html)]


def test_the_dashboard_shows_exactly_the_hand_computed_numbers(client, world, urls):
    shown = Figures(page(client, urls["dashboard"]))
    first, second = world.items
    wanted = expected("total", **TOTAL) | expected(str(first.id), **ITEM_ONE) | expected(str(second.id), **ITEM_TWO)
    assert {key: shown.value(key) for key in wanted} == wanted
    # Nothing else is counted on the page: no scope or key beyond these.
    assert set(shown.figures) == set(wanted)


def test_the_dashboard_quotes_only_approved_text_without_names_or_personal_data(client, world, urls):
    for lang in ("ko", "en"):
        for url in urls.values():
            html = page(client, url, lang)
            for secret in (*SECRET, *CITIZEN_NAMES, GUEST):
                assert secret not in html, (url, secret)
    html = page(client, urls["dashboard"])
    assert "APPROVED-ONE" in html and "APPROVED-TWO" in html and "●●●" in html  # the masked text, as approved


def test_the_most_agreed_comments_and_the_items_that_stand_out(client, world, urls):
    html = page(client, urls["dashboard"])
    ids = world.ids
    assert top_ids(html, "most-agreed") == [ids[1], ids[5], ids[2]]  # agrees 2, 1, 1 (ties: newest first)
    compare = html.split('id="compare"', 1)[1].split("</dl>", 1)[0]
    opposition, questions, concern = compare.split('class="standout"')[1:]
    assert "Most opposition" in opposition and "안건 1" in opposition and "안건 2" not in opposition
    assert "None yet" in questions  # item 2's questions are not approved: they do not count
    assert "안건 1" in concern


def test_each_item_panel_has_its_task_history_top_comments_and_themes_slot(client, world, urls):
    html = page(client, urls["dashboard"])
    first, second = world.items
    panel = html.split(f'<section id="item-{first.id}" data-item-panel="{first.id}"', 1)[1].split("</section>", 1)[0]
    assert "3-1-7" in panel and "Underperforming" in panel and "이용 실적 저조" in panel and "On track" in panel
    assert top_ids(panel) == [world.ids[1], world.ids[5], world.ids[2]]
    assert "No themes yet" in panel
    other = html.split(f'<section id="item-{second.id}" data-item-panel="{second.id}"', 1)[1].split("</section>", 1)[0]
    assert "3-1-7" not in other and "No comments to show yet." in other  # no stance chart without approved ones


def test_the_page_is_ready_for_the_live_script(client, world, urls):
    html = page(client, urls["dashboard"])
    assert f'<main id="main" class="wrap" tabindex="-1" data-feedback-meeting="{world.meeting.id}">' in html
    assert '<div id="feedback-live-status" class="live-status" role="status" aria-live="polite"></div>' in html
    ids = Figures(html).ids()
    assert len(ids) == len(set(ids)), "ids on the page are unique (charts, panels, headings)"


def test_every_chart_is_named_by_its_title_and_description(client, world, urls):
    html = page(client, urls["dashboard"])
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) == 4 + 2 + 1  # the meeting's four, volume per day and per minute, item 1's stances
    for svg in svgs:
        root = ET.fromstring(svg)
        title, desc = root.get("aria-labelledby").split()
        ns = "{http://www.w3.org/2000/svg}"
        assert root.find(f"{ns}title").get("id") == title and root.find(f"{ns}desc").get("id") == desc
        assert root.find(f"{ns}desc").text


def test_volume_per_day_and_per_minute_of_the_live_session(client, world, urls):
    html = page(client, urls["dashboard"])
    volume = html.split('id="volume"', 1)[1].split("</section>", 1)[0]
    tables = volume.split("<table")[1:]
    assert len(tables) == 2
    per_day = re.findall(r'<td class="number">(\d+)</td>', tables[0])
    per_minute = re.findall(r'<td class="number">(\d+)</td>', tables[1])
    assert per_day == ["2", "2", "2", "2"]  # 1-4 March, two comments a day
    assert per_minute == ["1", "0", "1"]  # 06:30 and 06:32 UTC, the quiet minute between as 0
    assert '<time datetime="2026-03-03T06:31:00Z">' in tables[1]


def test_the_panel_fragment_is_just_the_panel(client, world, urls):
    first = world.items[0]
    html = page(client, urls["panel"])
    assert html.lstrip().startswith(f'<section id="item-{first.id}" data-item-panel="{first.id}"')
    assert html.rstrip().endswith("</section>") and "<html" not in html and "<main" not in html
    shown = Figures(html)
    wanted = expected(str(first.id), **ITEM_ONE)
    assert {key: shown.value(key) for key in wanted} == wanted
    assert "<svg" in html  # the stance chart, to be swapped in whole


def test_the_totals_fragment_is_the_whole_meetings_part(client, world, urls):
    html = page(client, urls["totals"])
    assert html.lstrip().startswith("<div data-feedback-totals>") and "<main" not in html
    shown = Figures(html)
    wanted = expected("total", **TOTAL)
    assert {key: shown.value(key) for key in wanted} == wanted
    assert "<svg" in html and 'id="most-agreed"' in html
    for secret in SECRET:  # only approved texts (masked), as on the dashboard
        assert secret not in html


def test_the_panel_of_an_item_of_another_meeting_is_404(client, world):
    other = factories.meeting(published=True)
    foreign = agenda_of(other)[0]
    db.session.commit()
    assert client.get(f"/meetings/{world.meeting.id}/feedback/items/{foreign.id}/panel").status_code == 404
    assert client.get(f"/meetings/{world.meeting.id}/items/{foreign.id}/brief").status_code == 404
    assert client.get(f"/meetings/{world.meeting.id}/feedback/items/99999/panel").status_code == 404
    assert client.get("/meetings/99999/feedback").status_code == 404


def test_the_brief_shows_the_five_most_agreed_with_the_official_replies(client, world, urls):
    html = page(client, urls["brief"])
    ids = world.ids
    assert top_ids(html) == [ids[1], ids[5], ids[2], ids[7]]  # every approved comment of item 1 (4 < 5)
    shown = Figures(html)
    assert shown.figures == {}  # a printed page: no live numbers
    assert REPLY in html and "답변위원" in html  # the member's reply, by name as on the item page
    reply_at = html.index(REPLY)
    assert html.index("APPROVED-ONE") < reply_at < html.index("APPROVED-THREE")  # under its comment
    assert "@media print" in open("static/css/feedback.css", encoding="utf-8").read()
    numbers = re.findall(r'<dd>(\d+)</dd>', html.split('class="figure-grid"', 1)[1].split("</dl>", 1)[0])
    assert numbers == ["5", "4", "0", "1", "4", "4"]


def test_the_brief_of_an_item_without_approved_comments(client, world, urls):
    html = page(client, urls["brief-2"])
    assert "No comments to show yet." in html and "No approved comments yet." in html
    assert "<svg" not in html


def test_computed_themes_show_their_terms_size_and_approved_examples(client, world, urls):
    first = world.items[0]
    run = ThemeRun(item_id=first.id, computed_at=datetime(2026, 3, 4, 1, 0, tzinfo=timezone.utc), comment_count=4)
    run.themes = [Theme(item_id=first.id, rank=1, terms=["지하철", "<b>안내</b>"], size=3,
                        representative_ids=[world.ids[1], world.ids[3], world.ids[4]])]  # 3 rejected, 4 hidden
    db.session.add(run)
    db.session.commit()
    for url in (urls["dashboard"], urls["panel"], urls["brief"]):
        html = page(client, url)
        assert "지하철" in html and "&lt;b&gt;안내&lt;/b&gt;" in html and "comments: 3" in html
        assert "Last computed at Wed 4 Mar 2026, 10:00, over 4 approved comments." in html
        for secret in SECRET:
            assert secret not in html
        themes = html.split('data-themes', 1)[1].split("</div>", 1)[0]
        assert top_ids(themes) == [world.ids[1]]


def test_the_meeting_and_item_pages_link_the_dashboard_and_the_brief(client, world, urls):
    meeting, first = world.meeting, world.items[0]
    assert urls["dashboard"] in page(client, f"/meetings/{meeting.id}")
    item_page = page(client, f"/meetings/{meeting.id}/items/{first.id}")
    assert f'{urls["dashboard"]}#item-{first.id}' in item_page and urls["brief"] in item_page


@pytest.mark.parametrize("role", [None, Role.CITIZEN, Role.MODERATOR, Role.MEMBER, Role.ADMIN, Role.SECRETARY])
def test_a_draft_meetings_pages_are_404_to_all_but_its_secretary(app, client, role):
    with app.app_context():
        draft = factories.meeting(published=False)
        item = agenda_of(draft)[0]
        if role:
            factories.user(role, email="viewer@example.org")
        db.session.commit()
        draft_urls = [f"/meetings/{draft.id}/feedback", f"/meetings/{draft.id}/feedback/items/{item.id}/panel",
                      f"/meetings/{draft.id}/feedback/totals",
                      f"/meetings/{draft.id}/items/{item.id}/brief"]
        page_of_meeting = f"/meetings/{draft.id}"
    if role:
        AuthActions(client).login("viewer@example.org")
    for url in draft_urls:
        answer = client.get(url)
        assert answer.status_code == (200 if role is Role.SECRETARY else 404), (role, url)
        if role is Role.SECRETARY:
            assert ("Preview" in client.get(url + "?lang=en").get_data(as_text=True)
                    or url.endswith(("/panel", "/totals")))
    # The same rule as the meeting's own page.
    assert client.get(page_of_meeting).status_code == (200 if role is Role.SECRETARY else 404)
    if role is not Role.SECRETARY:
        assert urls_not_linked(client)


def urls_not_linked(client) -> bool:
    return "/feedback" not in client.get("/").get_data(as_text=True)


def test_an_approval_changes_the_numbers(client, world, urls):
    moderator = factories.user(Role.MODERATOR)
    pending = db.session.get(Comment, world.ids[6])
    comments.approve(pending, moderator)
    db.session.commit()
    shown = Figures(page(client, urls["dashboard"]))
    second = world.items[1]
    assert shown.value(f"{second.id}.approved") == 1 and shown.value(f"{second.id}.waiting") == 1
    assert shown.value(f"{second.id}.stance.oppose") == 1 and shown.value("total.approved") == 5
    assert "PENDING-ONE" in page(client, urls["dashboard"])  # approved now: its text is public


# --- The brief in the record: under each agenda item, frozen with the version ---------------------------

@pytest.fixture
def final(world):
    """The meeting's record with a version 1 made now (inserted as finalizing does)."""
    record = record_services.record_of(world.meeting)
    add_version(record)
    db.session.commit()
    return record


def record_forms(client, meeting_id: int) -> dict[str, bytes]:
    url = f"/meetings/{meeting_id}/record"
    return {form: client.get(f"{url}{form}?lang=en").data for form in ("", ".md", ".json")}


def item_section(html: str, item_id: int) -> str:
    start = html.split(f'<section class="record-item" id="item-{item_id}"', 1)[1]
    return start.split('<section class="record-item"', 1)[0]


def test_the_record_carries_the_brief_under_each_item(client, world, final):
    first, second = world.items
    forms = record_forms(client, world.meeting.id)
    html = forms[""].decode()
    section = item_section(html, first.id)
    brief = section.split('class="record-brief"', 1)[1].split("</section>", 1)[0]
    assert f'id="record-item-{first.id}-brief-stance"' in brief and "Feedback brief" in section
    assert top_ids(brief) == [world.ids[1], world.ids[5], world.ids[2], world.ids[7]]
    assert REPLY in brief and "○○○" in brief  # the member's reply, by the record's policy (anonymized)
    assert "No themes had been computed when this version of the record was made." in brief
    assert not any(name in brief for name in (*CITIZEN_NAMES, GUEST))  # the brief names no author
    for text in (form.decode() for form in forms.values()):
        # The record lists approved comments by author (its citizens' part); 시민병 wrote only rejected ones.
        for secret in (*SECRET, "시민병", "답변위원"):
            assert secret not in text
    document = json.loads(forms[".json"])
    one, two = (item["brief"] for item in document["citizens"]["items"])
    assert one["by_stance"] == {"support": 1, "oppose": 1, "concern": 1, "question": 0, "suggestion": 1}
    assert one["by_phase"] == {"before": 2, "live": 1, "after": 1}
    assert one["figures"] == {"submitted": 5, "approved": 4, "waiting": 0, "rejected": 1, "participants": 4,
                              "agrees": 4}
    assert [(c["id"], c["agree_count"]) for c in one["top"]] == [
        (world.ids[1], 2), (world.ids[5], 1), (world.ids[2], 1), (world.ids[7], 0)]
    assert two["top"] == [] and two["figures"]["waiting"] == 2
    md = forms[".md"].decode()
    assert "#### 의견 요약\n\n- 입장별 승인 의견: 찬성 1 · 반대 1 · 우려 1 · 질문 0 · 제안 1\n" in md
    assert "- 시점별 승인 의견: 회의 전 2 · 회의 중 1 · 회의 후 1\n- 공감 4 · 참여자 4\n" in md
    assert f"  1. [찬성] 공감 2 · 의견 #{world.ids[1]}\n     지하철 안내가 좋아졌어요 APPROVED-ONE\n" in md
    assert "- 주제: 계산되지 않음" in md


def test_a_version_keeps_its_brief_whatever_happens_later(client, world, final):
    before = record_forms(client, world.meeting.id)
    moderator = factories.user(Role.MODERATOR)
    comments.approve(db.session.get(Comment, world.ids[6]), moderator)  # item 2's pending oppose
    comments.agree(db.session.get(Comment, world.ids[7]), factories.user(Role.CITIZEN))
    db.session.add(ThemeRun(item_id=world.items[0].id, comment_count=4,
                            themes=[Theme(item_id=world.items[0].id, rank=1, terms=["지하철"], size=4,
                                          representative_ids=[world.ids[1]])]))
    db.session.commit()
    assert record_forms(client, world.meeting.id) == before  # the same bytes: page, Markdown, JSON
    draft = exports.document(db.session.get(type(final), final.id))["citizens"]["items"]
    assert draft[1]["brief"]["by_stance"]["oppose"] == 1
    assert draft[0]["brief"]["themes"]["themes"][0]["terms"] == ["지하철"]


def test_themes_frozen_with_a_version_are_in_its_json_and_markdown(client, world):
    first = world.items[0]
    db.session.add(ThemeRun(item_id=first.id, computed_at=datetime(2026, 3, 4, 1, 0, tzinfo=timezone.utc),
                            comment_count=4, themes=[Theme(item_id=first.id, rank=1, terms=["지하철", "안내"], size=3,
                                                           representative_ids=[world.ids[1], world.ids[3]])]))
    add_version(record_services.record_of(world.meeting))
    db.session.commit()
    forms = record_forms(client, world.meeting.id)
    themes = json.loads(forms[".json"])["citizens"]["items"][0]["brief"]["themes"]
    assert themes == {"computed_at": "2026-03-04T01:00:00+00:00", "comment_count": 4, "themes": [
        {"terms": ["지하철", "안내"], "size": 3,
         "representatives": [{"id": world.ids[1], "body": "지하철 안내가 좋아졌어요 APPROVED-ONE"}]}]}
    md = forms[".md"].decode()
    assert "- 주제 (2026-03-04 10:00 KST 계산, 승인 의견 4건)\n  1. 지하철, 안내 (의견 3건)\n" in md
    assert f"     - 의견 #{world.ids[1]}: 지하철 안내가 좋아졌어요 APPROVED-ONE\n" in md
    assert "REJECTED-ONE" not in forms[""].decode() and "지하철</span>" in forms[""].decode()


def test_the_records_pdf_holds_the_brief(client, world, final):
    response = client.get(f"/meetings/{world.meeting.id}/record.pdf?lang=ko")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    squeezed = "".join(text.split())
    for shown in ("APPROVED-ONE", "APPROVED-THREE", REPLY.replace(" ", "")):
        assert shown in squeezed
    for secret in SECRET:
        assert secret not in squeezed
