"""Every place user text reaches server-rendered HTML shows it as text, for every kind of viewer.

One hostile payload per field (author and viewer display names, guest nickname, comment bodies, the
moderator's note, the official reply, the report reason, meeting, item, committee, task and material
titles, the task's change reason, reflected form input) is stored through the services, then each page is
requested as anonymous, citizen, moderator, secretary, member and admin. The page is parsed, and the test
fails when any payload made an element or an event handler (a `|safe` or `Markup` in a template, an
unquoted attribute), or when a page that should show a field does not show it as text (so a check cannot
pass by the field vanishing). The JS renderers (live.js, moderate.js) are covered by
tests/browser/test_xss.py.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

import pytest

from config import TestConfig
from participation import create_app
from participation.comments import services as comments
from participation.comments.consents import CONSENT_VERSION
from participation.comments.services import Submitter
from participation.core.roles import Role
from participation.extensions import db
from participation.meetings import materials
from participation.meetings import services as meetings
from participation.meetings.models import ItemKind, MeetingState, TaskStatus
from tests import factories
from tests.conftest import database_url

MARK = "osxss_"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
        "wbr"}


def payload(field: str, short: bool = False) -> str:
    """Breaks out of text, of a quoted attribute and of an unquoted one; calls osxss_<field>() if it runs.
    `short` fits a nickname (40 characters)."""
    core = f"\"'><img src=x onerror={MARK}{field}()>"
    return core if short else core + f"<script>{MARK}{field}()</script><svg onload={MARK}{field}()>"


# Fields, with the short form for names (nicknames are at most 40 characters).
NAMES = ["auth", "nick", "vcit", "vmod", "vsec", "vmem", "vadm"]
TEXTS = ["body", "gbody", "own", "note", "reply", "report", "pend", "mtitle", "ititle", "cname", "ttitle",
         "treason", "mat", "q", "email", "regname"]
P = {f: payload(f, short=True) for f in NAMES} | {f: payload(f) for f in TEXTS}
VIEWERS = {"citizen": "vcit", "moderator": "vmod", "secretary": "vsec", "member": "vmem", "admin": "vadm"}


class Page(HTMLParser):
    """The text of a page with the classes around each piece, and every trace of a payload that runs."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[str, tuple]] = []
        self.running: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and MARK in value and name.startswith("on"):
                self.running.append(f"<{tag} {name}={value!r}>")
            if MARK in name:
                self.running.append(f"<{tag}> attribute {name!r}")
        if MARK in tag:
            self.running.append(f"element <{tag}>")
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("class") or ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for n in range(len(self.stack) - 1, -1, -1):
            if self.stack[n][0] == tag:
                del self.stack[n:]
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][0] == "script" and MARK in data:
            self.running.append(f"<script>{data[:80]}")
        self.texts.append((data, tuple(self.stack)))

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.texts)

    def text_within(self, tag: str, css_class: str) -> str:
        return "".join(t for t, ancestors in self.texts
                       if any(a == tag and css_class in c.split() for a, c in ancestors))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xss-pages")
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp), UPLOAD_FOLDER=tmp / "uploads",
                     WTF_CSRF_ENABLED=False, RATELIMIT_ENABLED=False)
    with app.app_context():
        db.drop_all()
        db.create_all()
        committee = meetings.create_committee(P["cname"], "")
        task = meetings.create_task(committee, "3-1-7", P["ttitle"], "정보기획담당관", status=TaskStatus.DELAYED,
                                    changed_on=date(2016, 2, 15), reason=P["treason"], actor_id=None)
        meeting = meetings.create_meeting(committee, title=P["mtitle"], number=1, place="서울시청", summary="",
                                          starts_at=datetime.now(timezone.utc) + timedelta(days=3),
                                          part2_starts_at=datetime.now(timezone.utc) + timedelta(days=3, hours=2),
                                          stream_url=None, allow_guest_comments=True)
        item = meetings.add_agenda_item(meeting, title=P["ititle"], kind=ItemKind.REPORT, task_id=task.id)
        material = materials.add_document(meeting, item, P["mat"], "첫째 문단.", None)
        meetings.move_meeting(meeting, MeetingState.PUBLISHED)
        viewers = {role: factories.user(Role(role), email=f"{role}@example.org", name=P[field])
                   for role, field in VIEWERS.items()}
        author = factories.user(Role.CITIZEN, email="author@example.org", name=P["auth"])
        moderator, member = viewers["moderator"], viewers["member"]

        approved = factories.approved_comment(item, author, moderator, body=P["body"])
        guest, _ = comments.submit(item, Submitter(guest_id="g1", nickname=P["nick"]), body=P["gbody"],
                                   stance="question", client_key="guest-1", consent=CONSENT_VERSION)
        comments.approve(guest, moderator)
        comments.post_reply(approved, member, P["reply"])
        comments.report(approved, viewers["citizen"], P["report"])
        own = factories.comment(item, viewers["citizen"], body=P["own"])
        comments.reject(own, moderator, reason="other", note=P["note"])
        factories.comment(item, author, body=P["pend"])  # waits in the moderators' queue
        db.session.commit()
        app.ids = {"meeting": meeting.id, "item": item.id, "material": material.id, "committee": committee.id,
                   "approved": approved.id, "author": author.id}
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _client(app, who: str):
    client = app.test_client()
    if who != "anonymous":
        response = client.post("/login", data={"email": f"{who}@example.org", "password": factories.PASSWORD})
        assert response.status_code == 302, f"{who} could not log in"
    return client


def _get(client, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return _checked(response.get_data(as_text=True), url)


def _checked(html: str, url: str) -> Page:
    page = Page(html)
    assert page.running == [], f"hostile text runs on {url}: {page.running}"
    return page


def _shows(page: Page, url: str, *fields: str) -> None:
    missing = [f for f in fields if P[f] not in page.text]
    assert missing == [], f"{url} does not show {missing} as text"


def _public_pages(app) -> dict[str, tuple[str, ...]]:
    """URL -> the fields every viewer sees there."""
    ids = app.ids
    m, i = ids["meeting"], ids["item"]
    return {
        "/": ("mtitle",),
        f"/meetings/{m}": ("mtitle", "ititle", "mat"),
        f"/meetings/{m}/items/{i}": ("mtitle", "ititle", "mat", "auth", "nick", "body", "gbody", "reply", "vmem"),
        f"/meetings/{m}/live": ("mtitle", "ititle", "auth", "nick", "body", "gbody", "reply", "vmem"),
        f"/meetings/{m}/materials/{ids['material']}": ("mtitle", "mat"),
        f"/committees/{ids['committee']}": ("cname", "mtitle"),
        "/tasks/3-1-7": ("cname", "ttitle", "treason", "mtitle", "ititle"),
        # The feedback dashboard, an item's panel alone and its brief quote approved comments and replies.
        f"/meetings/{m}/feedback": ("mtitle", "ititle", "body"),
        f"/meetings/{m}/feedback/items/{i}/panel": ("ititle", "body"),
        f"/meetings/{m}/items/{i}/brief": ("mtitle", "ititle", "body", "reply"),
    }


WHO = ["anonymous", *VIEWERS]


@pytest.mark.parametrize("who", WHO)
def test_public_pages_show_hostile_text_as_text(site, who):
    client = _client(site, who)
    for url, fields in _public_pages(site).items():
        page = _get(client, url)
        _shows(page, url, *fields)
        if who != "anonymous" and not url.endswith("/panel"):  # a fragment has no navigation
            _shows(page, url, VIEWERS[who])                       # the viewer's own name in the navigation
        if who == "anonymous":
            assert P["report"] not in page.text, f"a report's reason is public on {url}"


@pytest.mark.parametrize("who", [w for w in WHO if w != "anonymous"])
def test_author_names_by_the_vote_buttons(site, who):
    """The hidden author text inside the vote buttons (voters only: citizens, not staff) is text, not markup."""
    url = f"/meetings/{site.ids['meeting']}/items/{site.ids['item']}"
    page = _get(_client(site, who), url)
    hidden = page.text_within("button", "vote-button")
    if who == "citizen":
        assert P["auth"] in hidden and P["nick"] in hidden, hidden
    else:
        assert hidden == ""


def test_own_comments_and_the_moderators_note(site):
    client = _client(site, "citizen")
    page = _get(client, "/my/comments")
    _shows(page, "/my/comments", "own", "note", "mtitle", "ititle")
    url = f"/meetings/{site.ids['meeting']}/items/{site.ids['item']}"
    _shows(_get(client, url), url, "own", "note")


def test_moderation_queue(site):
    url = f"/meetings/{site.ids['meeting']}/moderate"
    page = _get(_client(site, "moderator"), url)
    _shows(page, url, "pend", "auth", "ititle", "mtitle")


def test_audit_log_and_manage_pages(site):
    client = _client(site, "secretary")
    m = site.ids["meeting"]
    page = _get(client, f"/meetings/{m}/moderation/audit")
    _shows(page, "audit", "note", "vmod")
    for url, fields in {"/manage/": ("mtitle",), f"/manage/meetings/{m}": ("mtitle", "ititle", "mat"),
                        f"/manage/committees/{site.ids['committee']}/tasks": ("cname", "ttitle"),
                        f"/manage/meetings/{m}/materials/{site.ids['material']}": ("mat",)}.items():
        _shows(_get(client, url), url, *fields)


def test_admin_user_list_and_search(site):
    client = _client(site, "admin")
    page = _get(client, "/admin/users")
    _shows(page, "/admin/users", "auth", "vcit", "vmod", "vmem")
    from urllib.parse import quote

    _get(client, "/admin/users?q=" + quote(P["q"]))                # reflected search: checked for running text
    author = site.ids["author"]
    response = client.post(f"/admin/users/{author}/roles", data={f"u{author}-roles": "citizen"},
                           follow_redirects=True)
    _shows(_checked(response.get_data(as_text=True), "roles saved"), "roles saved", "auth")  # the flash message


def test_login_flash_and_reflected_forms(site):
    client = site.test_client()
    response = client.post("/login", data={"email": "author@example.org", "password": factories.PASSWORD},
                           follow_redirects=True)
    _shows(_checked(response.get_data(as_text=True), "after login"), "after login", "auth")  # "Welcome, ..."
    anonymous = site.test_client()
    for url, data in (("/login", {"email": P["email"], "password": "x"}),
                      ("/register", {"email": P["email"], "display_name": P["regname"], "password": "short"})):
        response = anonymous.post(url, data=data)
        assert response.status_code == 400
        _checked(response.get_data(as_text=True), url)


def test_the_payloads_would_be_caught():
    """The parser is not blind: the same payloads, unescaped, are found running."""
    for field in ("auth", "body"):
        raw = f"<p>{P[field]}</p><span data-x=\"{P[field]}\"></span>"
        assert Page(raw).running, field
    assert Page("<p>" + P["body"].replace("<", "&lt;") + "</p>").running == []
