"""Opinion maps end to end (participation/feedback/maps.py, worker.py's map task, map_views.py): a vote
asks for its item's map, the worker computes and stores it, pages read it back without voter keys."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from participation.comments import services
from participation.comments.models import Comment, CommentStatus, Phase, Stance, Vote, VoteChoice
from participation.core.roles import Role
from participation.extensions import db
from participation.feedback import jobs, maps, worker
from participation.feedback.models import MapJob, OpinionMapRun
from tests import factories

pytestmark = pytest.mark.usefixtures("app_ctx")

AGREE, DISAGREE = VoteChoice.AGREE, VoteChoice.DISAGREE


def approved(item, count: int) -> list[Comment]:
    author = factories.user(Role.CITIZEN)
    comments = [Comment(meeting_id=item.meeting_id, item_id=item.id, submitter_key=f"u:{author.id}",
                        client_key=f"m{item.id}-{n}", body=f"의견 {n}", public_body=f"의견 {n}",
                        stance=Stance.SUGGESTION, phase=Phase.BEFORE, status=CommentStatus.APPROVED)
                for n in range(count)]
    db.session.add_all(comments)
    db.session.flush()
    return comments


def planted(item) -> list[Comment]:
    """40 participants agree with comments 1-10 and disagree with 11-20, 40 the reverse, all 80 agree with
    21-25 (the issue's fixture); the item's map requested."""
    comments = approved(item, 25)
    rows = []
    for n in range(80):
        camp = n < 40
        for index, comment in enumerate(comments):
            if index < 20:
                choice = AGREE if (index < 10) == camp else DISAGREE
            else:
                choice = AGREE
            rows.append({"comment_id": comment.id, "voter_key": f"g:planted-{n}", "choice": choice,
                         "phase": Phase.BEFORE})
    db.session.execute(sa.insert(Vote), rows)
    for comment in comments:  # the counts services.vote keeps beside the votes
        comment.agree_count = sum(r["comment_id"] == comment.id and r["choice"] is AGREE for r in rows)
        comment.disagree_count = sum(r["comment_id"] == comment.id and r["choice"] is DISAGREE for r in rows)
    jobs.request_map(item.id)
    db.session.commit()
    return comments


def test_a_vote_asks_for_its_items_map(items):
    comment = approved(items[0], 1)[0]
    db.session.commit()
    assert db.session.get(MapJob, items[0].id) is None
    services.vote(comment, services.Submitter(user=factories.user(Role.CITIZEN)), VoteChoice.PASS)
    db.session.commit()
    assert db.session.get(MapJob, items[0].id) is not None and db.session.get(MapJob, items[1].id) is None


def test_the_worker_draws_the_planted_groups(items):
    comments = planted(items[0])
    assert worker.drain("w1") == 1
    assert db.session.get(MapJob, items[0].id) is None
    view = maps.maps_of([items[0].id], "g:planted-3")[items[0].id]
    assert view.has_groups and view.participants == view.clustered == 80
    assert sorted(group.size for group in view.groups) == [40, 40]
    ids = [c.id for c in comments]
    assert {s.comment.id for s in view.consensus} <= set(ids[20:]) and view.consensus
    mine = next(group for group in view.groups if group.label == view.own.group)
    assert {s.comment.id for s in mine.representative} <= set(ids[:10])
    assert all(s.direction == "agree" for s in mine.representative)


def test_the_map_keeps_its_labels_when_recomputed(items):
    planted(items[0])
    worker.drain("w1")
    first = maps.maps_of([items[0].id], "g:planted-0")[items[0].id].own.group
    jobs.request_map(items[0].id)
    db.session.commit()
    worker.drain("w1")
    assert maps.maps_of([items[0].id], "g:planted-0")[items[0].id].own.group == first


def test_a_comment_hidden_since_the_computation_leaves_the_map_at_once(items):
    comments = planted(items[0])
    worker.drain("w1")
    db.session.execute(sa.update(Comment).where(Comment.id.in_([c.id for c in comments]))
                       .values(status=CommentStatus.HIDDEN))
    db.session.commit()
    view = maps.maps_of([items[0].id])[items[0].id]
    assert view.groups and not view.consensus and not any(group.representative for group in view.groups)


def test_an_item_without_votes_has_no_map(items):
    assert maps.maps_of([items[0].id]) == {}
    jobs.request_map(items[0].id)
    db.session.commit()
    assert maps.maps_of([items[0].id])[items[0].id].pending
    worker.drain("w1")
    view = maps.maps_of([items[0].id])[items[0].id]
    assert not view.has_groups and view.reason == "no_votes" and view.computed_at is not None
    assert db.session.get(OpinionMapRun, items[0].id).votes == 0


def test_the_map_page_shows_the_groups_and_no_voter_key(items, client):
    planted(items[0])
    worker.drain("w1")
    item = items[0]
    html = client.get(f"/meetings/{item.meeting_id}/items/{item.id}/map?lang=en").get_data(as_text=True)
    assert "Opinion groups" in html and 'data-group-size="A">40<' in html and 'data-group-size="B">40<' in html
    assert "planted-" not in html and "<svg" in html and "data-consensus" in html


def test_the_map_page_of_an_item_nobody_voted_on(items, client):
    item = items[0]
    response = client.get(f"/meetings/{item.meeting_id}/items/{item.id}/map?lang=en")
    assert response.status_code == 200 and "Nobody has voted" in response.get_data(as_text=True)


def test_the_map_of_another_meetings_item_is_not_found(items, client):
    other = factories.meeting(published=True, items=1)
    db.session.commit()
    response = client.get(f"/meetings/{other.id}/items/{items[0].id}/map")
    assert response.status_code == 404


def test_a_comment_with_votes_hidden_by_reports_asks_for_the_map_again(items):
    comments = planted(items[0])
    worker.drain("w1")
    for _ in range(services.REPORTS_TO_HIDE):
        services.report(comments[0], factories.user(Role.CITIZEN), "광고입니다")
    db.session.commit()
    assert comments[0].status is CommentStatus.HIDDEN and db.session.get(MapJob, items[0].id) is not None


def test_approving_a_new_comment_leaves_the_map_alone(items):
    moderator, author = factories.user(Role.MODERATOR), factories.user(Role.CITIZEN)
    factories.approved_comment(items[0], author, moderator, body="새 의견")
    db.session.commit()
    assert db.session.get(MapJob, items[0].id) is None


def test_the_brief_and_the_record_carry_the_map_without_voters(items, client):
    from zoneinfo import ZoneInfo

    from participation.feedback import brief
    from participation.meetings.models import Meeting
    from participation.record import citizens, citizens_markdown, exports

    comments = planted(items[0])
    worker.drain("w1")
    document = brief.item_brief(items[0])["map"]
    assert [group["size"] for group in document["groups"]] == [40, 40]
    assert {s["id"] for s in document["consensus"]} <= {c.id for c in comments[20:]}
    part = citizens.citizens_part(db.session.get(Meeting, items[0].meeting_id))
    frozen = part["items"][0]["brief"]["map"]
    assert frozen == document and part["items"][1]["brief"]["map"] is None
    assert "planted-" not in exports.canonical_json(part)
    lines = "\n".join(citizens_markdown.brief_lines(part["items"][0]["brief"], ZoneInfo("Asia/Seoul")))
    assert "그룹 A (40명)" in lines and "그룹 B (40명)" in lines and "거의 모두가 같은 의견" in lines
    html = client.get(f"/meetings/{items[0].meeting_id}/items/{items[0].id}/brief?lang=en").get_data(as_text=True)
    assert "Opinion map" in html and "What almost everyone shares" in html and "planted-" not in html


def test_a_stored_map_is_read_once_per_process_until_it_is_stored_again(items):
    planted(items[0])
    worker.drain("w1")
    first = maps._stored_results([items[0].id])[items[0].id]
    assert maps._stored_results([items[0].id])[items[0].id][1] is first[1]  # not fetched nor parsed again
    jobs.request_map(items[0].id)
    db.session.commit()
    worker.drain("w1")
    again = maps._stored_results([items[0].id])[items[0].id]
    assert again[0] > first[0] and again[1] is not first[1]


def test_the_map_page_carries_the_version_the_live_figures_send(items, client):
    """The page's script fetches the map again when its item's "map" figure in `feedback.changed` differs
    from the page's data-map-version (static/js/opinion-map.js): the same stored map, the same text."""
    from participation.live.feedback import dashboard_figures
    from participation.meetings.models import Meeting

    item = items[0]
    url = f"/meetings/{item.meeting_id}/items/{item.id}/map?lang=en"
    assert 'data-map-version=""' in client.get(url).get_data(as_text=True)
    planted(item)
    worker.drain("w1")
    version = dashboard_figures(db.session.get(Meeting, item.meeting_id))["items"][str(item.id)]["map"]
    assert version and f'data-map-version="{version}"' in client.get(url).get_data(as_text=True)
