"""Reading minutes into entries: the reference minutes counted by hand, page breaks mended, bad input."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask_babel import force_locale

from participation.core.services import ServiceError
from participation.record import importer, markdown
from participation.record.kinds import EntryType

from tests.record import minutes_text

FIXTURES = Path(__file__).parent / "fixtures"
E = EntryType


@pytest.fixture(scope="module")
def reference():
    return importer.parse(minutes_text())


def statements(parsed, speaker=...):
    return [e for e in parsed.entries if e.type is E.STATEMENT and (speaker is ... or e.speaker == speaker)]


def test_the_reference_minutes_give_their_sections_statements_and_notes(reference):
    # Counted by hand: 9 headings after the overview; 63 bullets of which 4 are the overview's fields;
    # the statements' speakers: 46 "(○○○)" + 1 "▷ (○○○)", 4 "(OOO)", "(부위원장)", "(전체)", the three
    # bullets under "정무부시장 인사말씀" and the one under "부위원장 인사말씀(위정현 교수)", and two
    # bullets without a speaker under "부위원장 선출". Notes: the nested "※" bullet and the "※" line.
    assert reference.count(E.SECTION) == 9
    assert reference.count(E.STATEMENT) == 59
    assert reference.count(E.NOTE) == 2
    assert len(statements(reference, "○○○")) == 47
    assert len(statements(reference, "OOO")) == 4
    assert len(statements(reference, "정무부시장")) == 3
    assert len(statements(reference, "부위원장")) == 2
    assert len(statements(reference, "전체")) == 1
    assert len(statements(reference, None)) == 2
    assert [e.text for e in reference.entries if e.answer] == [
        next(e.text for e in statements(reference) if e.text.startswith("그런 부분에 대해서는 ○○○ 교수님께서"))]
    assert reference.overview["장소"] == "서울시청 본관 8층 간담회장"
    assert reference.overview["참석"].endswith("등 30명")
    assert [e.text for e in reference.entries if e.type is E.NOTE][1] == "(안건보고) 서울 디지털기본계획2020 추진현황"


def test_statements_cut_by_a_page_break_are_whole_again(reference):
    texts = [e.text for e in statements(reference)]
    assert any("사실 하드웨어 운영실적증명서가 필요하다고 말씀드리고 싶었는데, 서울시가 이미 하고 있다고 하시니" in t
               for t in texts)
    assert any("요즘 많이 나오는 인공지능, 사물인터넷, 클라우드, 빅데이터 등이" in t for t in texts)
    assert any("더 많은 회원도시를 모을 수 있었다고" in t for t in texts)
    assert any("그 결과에 따라서 ‘18년도부터 시 전체에 어떻게 확산해 나갈 것인가에 대해 진행이 될 것 같음" in t
               for t in texts)
    closing = next(t for t in texts if t.startswith("네... 그럼 원안대로 가결하도록 하겠음."))
    assert closing == ("네... 그럼 원안대로 가결하도록 하겠음. 회의를 마치기 전에 바쁘신들 모셨는데, 숙제를 안고 감. "
                       "14~18쪽에 대해 위원님들의 전문분야에 비추어 추후 검토 후에 간단하게 의견을 주시기 바람. "
                       "그럼 오늘 전략위원회 위촉식 및 정기회의를 모두 마치도록 하겠음. 감사드립니다")
    # Every join is listed for the secretary, with its choice of a space.
    assert len(reference.joins) == 10
    assert sum(join.with_space for join in reference.joins) == 4
    assert not any(t.startswith(("가 이미", "터넷", "시를 모을")) for t in texts)


def test_decisions_are_proposed_from_their_phrases(reference):
    proposals = {(p.type, p.text): p for p in reference.proposals}
    resolution = proposals[(E.RESOLUTION, "그럼 원안대로 가결하도록 하겠음.")]
    assert resolution.outcome == "원안 가결 (이의 없음)"
    action = next(p for p in reference.proposals if p.type is E.ACTION)
    assert action.pages == "14–18" and action.deadline is None and "의견을 주시기 바람" in action.text
    assert (E.ELECTION, "부위원장 선출: 위정현 교수") in proposals
    assert [p.type for p in reference.proposals].count(E.RESOLUTION) == 1  # "가결하고자 하는데" is no decision
    assert [p.type for p in reference.proposals].count(E.APPOINTMENT) == 1


def test_page_numbers_running_headers_and_a_cut_word_are_mended():
    parsed = importer.parse((FIXTURES / "paged-minutes.md").read_text(encoding="utf-8"))
    texts = [e.text for e in statements(parsed)]
    assert "사회약자 안심서비스는 사물인터넷 실증사업과 연계하여 추진하고 있으며 대상자를 확대할 예정임" in texts
    assert "예산 범위 안에서 서비스 범위를 넓혀 가는 중이며 내년에 다시 보고드리도록 하겠음" in texts
    assert "The pilot reached fewer citizens than planned, so we ask for a revised target." in texts
    assert set(parsed.skipped) == {"정보화전략위원회 회의록", "- 3 -", "4"}
    assert parsed.front_matter == []
    assert parsed.overview == {"일시": "2017. 3. 15.(수) 14:00 ~ 15:30", "장소": "서울시청 본관 8층"}
    assert [(j.with_space) for j in parsed.joins] == [False, True, False]
    action = next(p for p in parsed.proposals if p.type is E.ACTION)
    assert action.deadline == "2017-04-30"


def test_markdown_export_reimports_to_the_same_entries(reference):
    text = markdown.to_markdown(reference.entries, title="2016년 2차회의", overview=reference.overview)
    again = importer.parse(text)
    assert again.entries == reference.entries
    assert again.overview == reference.overview
    assert again.joins == []
    assert markdown.to_markdown(again.entries, title="2016년 2차회의", overview=again.overview) == text


def test_confirmed_decisions_survive_the_round_trip(reference):
    entries = list(reference.entries)
    for proposal in reference.proposals:
        entries.append(importer.ParsedEntry(proposal.type, proposal.text, outcome=proposal.outcome,
                                            pages=proposal.pages, deadline="2017-01-15"
                                            if proposal.type is E.ACTION else None))
    again = importer.parse(markdown.to_markdown(entries))
    assert again.entries == entries
    assert again.decision_count == 4


@pytest.mark.parametrize("data, english, korean", [
    ("간사 회의 결과\n\n- (○○○) 제목 없는 회의록".encode(), "No headings found", "제목이 없습니다"),
    ("## 회의\n\n- (○○○) 잘못된 인코딩".encode("euc-kr"), "UTF-8", "UTF-8 텍스트"),
    (b"## x\n" + b"a" * (importer.MAX_BYTES + 1), "too large", "너무 큽니다"),
])
def test_bad_minutes_get_a_clear_refusal_in_both_languages(app, data, english, korean):
    with pytest.raises(ServiceError) as refused:
        importer.parse(importer.decode(data))
    for locale, message in (("en", english), ("ko", korean)):
        with app.test_request_context(), force_locale(locale):
            assert message in str(refused.value.message)


def test_the_demo_ships_the_reference_minutes_unchanged():
    shared = Path(__file__).resolve().parents[3] / "shared" / "reference" / "committee-minutes-2016-2.md"
    if not shared.exists():
        pytest.skip("../shared is not beside the project (a user's machine)")
    assert minutes_text() == shared.read_text(encoding="utf-8")


def test_parsed_entry_is_imported_at_the_top_by_the_importer_and_the_decisions():
    """`ParsedEntry` lives in `kinds`, below both: `decisions.marked` needs no import inside itself to dodge
    a cycle, and `decisions` imports first on its own."""
    import inspect
    import subprocess
    import sys

    from participation.record import decisions, kinds

    assert importer.ParsedEntry is decisions.ParsedEntry is kinds.ParsedEntry
    assert "import" not in inspect.getsource(decisions.marked)
    entry = decisions.marked(f"■ {decisions.MARK_LABELS[E.RESOLUTION][0]} (원안 가결): 안건을 의결함")
    assert (entry.type, entry.outcome, entry.text) == (E.RESOLUTION, "원안 가결", "안건을 의결함")
    alone = subprocess.run([sys.executable, "-c", "import participation.record.decisions as d; "
                            "print(d.ParsedEntry.__module__)"], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).resolve().parents[2])
    assert alone.stdout.strip() == "participation.record.kinds"
