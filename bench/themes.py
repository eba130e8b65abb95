"""How long the worker takes to compute the themes of one agenda item with 10,000 approved comments.

A fresh SQLite database in a temporary folder gets one published meeting with one item and N generated
approved comments (Korean on five subjects, some English, some of no subject at all); the item's
themes are requested and the worker's own code (`worker.run_once`) claims, computes and stores them,
from a cold start as a new worker's first job (the Korean model's loading included).
Results go to bench/results/themes-<when>.json. Run: `.venv/bin/python -m bench.themes [--comments N]`.
The goal (issue 13) is under 30 s.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from bench import write_result
from config import TestConfig
from participation import create_app
from participation.comments.models import Comment, CommentStatus, Phase, Stance
from participation.extensions import db
from participation.feedback import jobs, worker
from participation.feedback.models import Theme, ThemeRun
from participation.meetings.services import agenda_of

# Each subject: the nouns its comments draw from, and sentences with a slot for two of them.
SUBJECTS = {
    "subway": ["지하철", "열차", "도착정보", "전광판", "안내방송", "환승역", "승강장", "노선도", "혼잡도", "역무원"],
    "elderly": ["어르신", "안전문자", "폭염", "한파", "경로당", "낙상", "응급알림", "독거노인", "보호자", "치매"],
    "privacy": ["개인정보", "보호교육", "유출", "보이스피싱", "비밀번호", "동의서", "개인정보처리", "해킹", "교육과정", "강좌"],
    "parks": ["공원", "산책로", "놀이터", "벤치", "나무", "그늘", "화장실", "조명", "반려견", "텃밭"],
    "recycling": ["재활용", "분리수거", "플라스틱", "음식물쓰레기", "수거함", "종량제", "배출", "일회용품", "포장재", "수거"],
}
SENTENCES = [
    "{a} 관련해서 {b} 문제가 심각하다고 생각합니다.",
    "{a}에 대한 {b} 안내를 더 자세히 해 주세요.",
    "우리 동네 {a}은 {b} 때문에 불편합니다.",
    "{a}과 {b}을 함께 개선하면 좋겠습니다.",
    "{a} 예산을 늘려서 {b}부터 고쳐 주세요.",
    "요즘 {a} 이용할 때마다 {b}이 아쉽습니다.",
    "{b} 없이 {a}만 바꾸면 효과가 없을 것 같아요.",
]
ENGLISH = {
    "subway": ["subway", "train", "arrival screen", "announcement", "transfer station", "platform"],
    "elderly": ["elderly resident", "safety alert", "heat wave", "senior centre", "fall", "carer"],
    "privacy": ["personal data", "privacy education", "data leak", "phishing", "password", "consent form"],
    "parks": ["park", "walking path", "playground", "bench", "tree", "lighting"],
    "recycling": ["recycling", "plastic", "food waste", "collection bin", "packaging", "sorting"],
}
ENGLISH_SENTENCES = ["The {a} and the {b} need attention.", "Please fix the {a} before the {b}.",
                     "Our {a} is fine but the {b} is not."]
VAGUE = ["좋은 회의였습니다.", "잘 부탁드립니다.", "항상 수고가 많으십니다.", "Thank you for listening.", "동의합니다!"]


def generated(count: int, seed: int = 0) -> list[str]:
    """`count` comment texts: mostly Korean on one subject each, one in ten English, a few vague."""
    rng, texts, subjects = random.Random(seed), [], sorted(SUBJECTS)
    for _ in range(count):
        roll, subject = rng.random(), rng.choice(subjects)
        if roll < 0.05:
            texts.append(rng.choice(VAGUE))
        elif roll < 0.15:
            a, b = rng.sample(ENGLISH[subject], 2)
            texts.append(rng.choice(ENGLISH_SENTENCES).format(a=a, b=b))
        else:
            a, b = rng.sample(SUBJECTS[subject], 2)
            texts.append(" ".join(rng.choice(SENTENCES).format(a=a, b=b) for _ in range(rng.randint(1, 3))))
    return texts


def _item_with_comments(count: int) -> int:
    from tests import factories

    meeting = factories.meeting(published=True)
    item, author = agenda_of(meeting)[0], factories.user()
    db.session.flush()
    now = datetime.now(timezone.utc)
    db.session.execute(sa.insert(Comment), [
        {"meeting_id": meeting.id, "item_id": item.id, "submitter_key": f"u:{author.id}", "client_key": f"b{n}",
         "body": text, "public_body": text, "stance": Stance.SUGGESTION, "phase": Phase.BEFORE,
         "status": CommentStatus.APPROVED, "created_at": now, "agree_count": 0, "report_count": 0}
        for n, text in enumerate(generated(count))])
    jobs.request_themes(item.id)
    db.session.commit()
    return item.id


def run(count: int) -> dict:
    folder = Path(tempfile.mkdtemp())
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.db'}",
                     UPLOAD_FOLDER=folder / "uploads")
    with app.app_context():
        db.create_all()
        item_id = _item_with_comments(count)
        started = time.monotonic()
        assert worker.run_once("bench", skip={}), "no job claimed"
        seconds = time.monotonic() - started
        run_ = db.session.get(ThemeRun, item_id)
        themes = db.session.scalars(sa.select(Theme).where(Theme.item_id == item_id).order_by(Theme.rank))
        return {"comments": count, "seconds": round(seconds, 2), "computed_over": run_.comment_count,
                "themes": [{"size": theme.size, "terms": theme.terms} for theme in themes]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=10_000)
    result = run(parser.parse_args().comments)
    result["at"] = datetime.now(timezone.utc).isoformat()
    write_result("themes", result)


if __name__ == "__main__":
    main()
