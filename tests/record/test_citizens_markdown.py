"""The citizens' part in the Markdown export: after the marker the importer stops at, in fixed words,
the same bytes for the same document."""
from __future__ import annotations

from participation.record import citizens_markdown, importer, markdown
from participation.record.kinds import EntryType

FIGURES = {"submitted": 4, "approved": 1, "rejected": 2, "pending": 1, "hidden": 0, "participants": 3,
           "rejected_by_reason": {"abusive": 1, "retired_reason": 1}}
PART = {"figures": FIGURES, "items": [{
    "item_id": 7, "position": 1, "title": "신규위원\n위촉", "figures": FIGURES,
    "comments": [{"id": 1, "author": "시민", "guest": True, "stance": "support", "phase": "live",
                  "created_at": "2016-12-21T06:30:00.123456+00:00", "agree_count": 2, "body": "좋습니다",
                  "replies": [{"author": "", "body": "감사합니다", "created_at": "2016-12-21T07:00:00+00:00"}]}],
    "opinions": [{"member": "○○○", "body": "첫 줄\n둘째 줄", "updated_at": "2016-12-22T00:00:00+00:00"}]}]}


def test_the_part_is_written_in_fixed_korean_words_in_the_sites_time_zone():
    text = citizens_markdown.to_markdown(PART, "Asia/Seoul")
    assert text.startswith("## 시민 참여\n\n- 접수 4 · 승인 1 · 반려 2 (욕설·차별 1, retired_reason 1) · 대기 1")
    assert "### 1. 신규위원 위촉\n" in text
    assert "1. [찬성] 시민 (비회원) · 2016-12-21 15:30 KST · 회의 중 · 공감 2\n   좋습니다\n" in text
    assert "   - ▷ 공식 답변, 2016-12-21 16:00 KST\n     감사합니다" in text
    assert "#### 위원 서면 의견\n\n- ○○○: 첫 줄\n  둘째 줄" in text
    assert citizens_markdown.to_markdown(PART, "Asia/Seoul") == text


def test_the_importer_stops_at_the_end_of_the_proceedings():
    text = ("## 회의내용\n\n- (○○○) 발언입니다\n\n" + markdown.END_OF_PROCEEDINGS + "\n\n"
            + citizens_markdown.to_markdown(PART, "Asia/Seoul"))
    parsed = importer.parse(text)
    assert [(e.type, e.text) for e in parsed.entries] == [(EntryType.SECTION, "회의내용"),
                                                          (EntryType.STATEMENT, "발언입니다")]
    assert parsed.joins == []
    # Without the marker the same text would become entries (what the marker is for).
    assert len(importer.parse(text.replace(markdown.END_OF_PROCEEDINGS, "")).entries) > 2
