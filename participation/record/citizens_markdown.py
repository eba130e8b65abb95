"""The citizens' part of a record (`citizens.citizens_part`) written as Markdown, for the record's
Markdown export, where it follows the `markdown.END_OF_PROCEEDINGS` marker (the importer stops there).

Deterministic: it reads only the document (a version's frozen snapshot), writes moments in the site's
time zone without the clock of the request, and its labels are fixed Korean words (the Markdown is a
document of the committee's minutes, like `회의개요` and `■ 의결`), not the catalogue of the day, so a
final version's Markdown is the same bytes every time. Unknown codes (of an older snapshot) are written
as they are.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

HEADING = "시민 참여"
STANCES = {"support": "찬성", "oppose": "반대", "concern": "우려", "question": "질문", "suggestion": "제안"}
PHASES = {"before": "회의 전", "live": "회의 중", "after": "회의 후"}
REASONS = {"off_topic": "주제와 무관", "abusive": "욕설·차별", "personal_data": "개인정보", "spam": "광고·스팸",
           "duplicate": "중복", "other": "기타"}


def moment(text: str | None, zone: ZoneInfo) -> str:
    """`2016-12-21 15:30 KST`: an ISO moment of the document in the site's time zone."""
    if not text:
        return ""
    local = datetime.fromisoformat(text).astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def figures_line(figures: dict) -> str:
    """`접수 3 · 승인 2 · 반려 1 (주제와 무관 1) · 대기 0 · 숨김 0 · 참여자 3` (the site's Korean words)."""
    by_reason = ", ".join(f"{REASONS.get(code, code)} {count}"
                          for code, count in figures.get("rejected_by_reason", {}).items())
    rejected = f"반려 {figures['rejected']}" + (f" ({by_reason})" if by_reason else "")
    return " · ".join([f"접수 {figures['submitted']}", f"승인 {figures['approved']}", rejected,
                       f"대기 {figures['pending']}", f"숨김 {figures['hidden']}",
                       f"참여자 {figures['participants']}"])


def _indented(text: str, indent: str) -> list[str]:
    """A text of several lines as the continuation lines of a list item (blank lines dropped)."""
    return [f"{indent}{line.strip()}" for line in (text or "").splitlines() if line.strip()]


def _comment_lines(number: int, comment: dict, zone: ZoneInfo) -> list[str]:
    author = comment["author"] + (" (비회원)" if comment.get("guest") else "")
    head = " · ".join([f"[{STANCES.get(comment['stance'], comment['stance'])}] {author}",
                       moment(comment["created_at"], zone), PHASES.get(comment["phase"], comment["phase"]),
                       f"공감 {comment['agree_count']}"])
    lines = [f"{number}. {head}", *_indented(comment["body"], "   ")]
    for reply in comment.get("replies", []):
        who = f" ({reply['author']})" if reply.get("author") else ""
        lines.append(f"   - ▷ 공식 답변{who}, {moment(reply['created_at'], zone)}")
        lines.extend(_indented(reply["body"], "     "))
    return lines


def _counts(labels: dict, counts: dict) -> str:
    """`찬성 2 · 반대 1 · ...`: the document's codes in the order of `labels` (the snapshot's JSON has its
    keys sorted), then any unknown code as it is."""
    codes = [code for code in labels if code in counts] + sorted(code for code in counts if code not in labels)
    return " · ".join(f"{labels.get(code, code)} {counts[code]}" for code in codes)


def brief_lines(brief: dict, zone: ZoneInfo) -> list[str]:
    """The item's feedback brief (feedback/brief.py): figures by stance and phase, agrees, the most agreed
    comments with their text, and the themes when they had been computed."""
    figures = brief["figures"]
    lines = ["", "#### 의견 요약", "",
             f"- 입장별 승인 의견: {_counts(STANCES, brief['by_stance'])}",
             f"- 시점별 승인 의견: {_counts(PHASES, brief['by_phase'])}",
             f"- 공감 {figures['agrees']} · 참여자 {figures['participants']}"]
    if brief["top"]:
        lines.append("- 공감을 가장 많이 받은 의견")
        for number, comment in enumerate(brief["top"], start=1):
            lines.append(f"  {number}. [{STANCES.get(comment['stance'], comment['stance'])}] "
                         f"공감 {comment['agree_count']} · 의견 #{comment['id']}")
            lines.extend(_indented(comment["body"], "     "))
    lines.extend(_map_lines(brief.get("map"), zone))
    themes = brief.get("themes")
    if themes is None:
        lines.append("- 주제: 계산되지 않음")
    elif not themes["themes"]:
        lines.append(f"- 주제: 묶을 만큼 의견이 많지 않음 ({moment(themes['computed_at'], zone)} 계산)")
    else:
        lines.append(f"- 주제 ({moment(themes['computed_at'], zone)} 계산, 승인 의견 {themes['comment_count']}건)")
        for number, theme in enumerate(themes["themes"], start=1):
            lines.append(f"  {number}. {', '.join(' '.join(term.split()) for term in theme['terms'])} "
                         f"(의견 {theme['size']}건)")
            for example in theme["representatives"]:
                body = _indented(example["body"], "       ")
                lines.append(f"     - 의견 #{example['id']}: {body[0].strip() if body else ''}")
                lines.extend(body[1:])
    return lines


def _item_block(item: dict, zone: ZoneInfo) -> str:
    lines = [f"### {item['position']}. {' '.join(item['title'].split())}", "", f"- {figures_line(item['figures'])}"]
    if item.get("brief"):
        lines += brief_lines(item["brief"], zone)
    if item["comments"]:
        lines += ["", "#### 시민 의견", ""]
        for number, comment in enumerate(item["comments"], start=1):
            lines.extend(_comment_lines(number, comment, zone))
    if item["opinions"]:
        lines += ["", "#### 위원 서면 의견", ""]
        for opinion in item["opinions"]:
            body = _indented(opinion["body"], "  ")
            first = body[0].strip() if body else ""
            lines.append(f"- {opinion['member']}: {first}")
            lines.extend(body[1:])
    return "\n".join(lines)


def to_markdown(part: dict, time_zone: str) -> str:
    """The citizens' part: the meeting's figures, then per agenda item its figures, its feedback brief
    (when the document has one: versions frozen before the brief existed do not), approved comments
    with the official replies under them and the members' written opinions."""
    zone = ZoneInfo(time_zone)
    blocks = [f"## {HEADING}", f"- {figures_line(part['figures'])}"]
    blocks += [_item_block(item, zone) for item in part["items"]]
    return "\n\n".join(blocks) + "\n"


def _map_lines(opinion: dict | None, zone: ZoneInfo) -> list[str]:
    """The opinion map as the brief keeps it: groups with their representative comments, consensus."""
    if not opinion:
        return []
    lines = [f"- 의견 지도 ({moment(opinion['computed_at'], zone)} 계산): 투표 참여자 {opinion['participants']}명, "
             f"지도에 놓인 참여자 {opinion['clustered']}명"]
    if not opinion["has_groups"]:
        lines.append("  - 뚜렷한 의견 그룹 없음")
    for group in opinion["groups"]:
        lines.append(f"  - 그룹 {group['label']} ({group['size']}명)")
        for statement in group["representative"]:
            side = "동의" if statement["direction"] == "agree" else "비동의"
            lines.append(f"    - [{side} {round(statement['group_rate'] * 100)}% · 나머지 "
                         f"{round(statement['rest_rate'] * 100)}%] 의견 #{statement['id']}")
            lines.extend(_indented(statement["body"], "      "))
    if opinion["consensus"]:
        lines.append("  - 거의 모두가 같은 의견")
        for statement in opinion["consensus"]:
            agree, disagree, passed = statement["votes"]
            lines.append(f"    - [동의 {agree} · 비동의 {disagree} · 패스 {passed}] 의견 #{statement['id']}")
            lines.extend(_indented(statement["body"], "      "))
    return lines
