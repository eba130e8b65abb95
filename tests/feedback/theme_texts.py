"""Comments for the themes tests: three clearly different subjects in Korean and three in English,
eight comments each, written as citizens write (varied words, spacing and length)."""
from __future__ import annotations

SUBWAY = [
    "지하철 도착 정보가 역마다 달라서 헷갈립니다. 전광판 안내를 통일해 주세요.",
    "출근 시간에 지하철 열차 도착 안내가 자주 틀려서 환승을 놓칩니다.",
    "지하철역 안내 방송이 잘 안 들려요. 전광판에 다음 열차 정보를 크게 보여 주면 좋겠습니다.",
    "환승역에서 지하철 노선 안내 표지판을 찾기가 너무 어렵습니다.",
    "지하철 앱의 열차 도착 시간 정보가 실제와 몇 분씩 차이가 납니다.",
    "지하철 승강장 전광판에 열차 혼잡도 정보도 같이 안내해 주시면 좋겠어요.",
    "지연될 때 지하철 역 안내 방송으로 이유와 예상 도착 시간을 알려 주세요.",
    "외국인 관광객을 위해 지하철 노선도와 역 안내를 여러 언어로 제공해 주세요.",
]
ELDERLY = [
    "홀로 사는 어르신 안전을 위해 폭염 때 안전 문자를 자주 보내 주세요.",
    "어르신들은 재난 문자를 잘 못 읽으십니다. 큰 글씨와 음성으로 안전 알림을 해 주세요.",
    "치매 어르신 실종 알림이 더 빨리 이웃에게 전달되면 좋겠습니다.",
    "독거 어르신 댁에 응급 안전 알림 장치를 더 많이 설치해 주세요.",
    "한파 때 어르신 안전 확인 전화를 동 주민센터에서 해 주시면 안심이 됩니다.",
    "어르신 낙상 사고가 나면 보호자에게 바로 알림이 가는 서비스가 필요합니다.",
    "경로당에서 어르신들께 안전 알림 앱 사용법을 알려 드리면 좋겠어요.",
    "폭염 특보 때 어르신 무더위 쉼터 안내 문자를 꼭 보내 주세요.",
]
PRIVACY = [
    "개인정보 보호 교육을 학교에서 정기적으로 해 주셨으면 합니다.",
    "어린이와 청소년 대상 개인정보 교육 프로그램을 늘려 주세요.",
    "보이스피싱 피해를 막으려면 개인정보 유출 예방 교육이 꼭 필요합니다.",
    "구청 직원들도 개인정보 처리 교육을 매년 받아야 한다고 봅니다.",
    "비밀번호 관리와 개인정보 유출 대처법을 온라인 교육 강좌로 만들어 주세요.",
    "소상공인을 위한 고객 개인정보 관리 교육 과정이 있었으면 좋겠습니다.",
    "복지관에서 개인정보 보호 교육을 쉬운 말로 진행해 주세요.",
    "앱 설치할 때 개인정보 동의를 어떻게 확인하는지 교육해 주시면 좋겠습니다.",
]
TRANSIT = [
    "The bus arrival screens at stops are often wrong; please fix the timetable data.",
    "Bus stops need real-time arrival information for every route.",
    "Late night buses should run more often, the timetable gap is too long.",
    "The bus route map at the stop is outdated and confusing for visitors.",
    "Arrival times in the bus app differ from the screens at the stop.",
    "More frequent buses on the route to the hospital, please.",
    "Bus drivers should announce the next stop clearly for passengers.",
    "Put shelters and arrival displays at the busy bus stops near schools.",
]
PARKS = [
    "The park near the river needs more trees and shade in summer.",
    "Please keep the playground in the park clean and repair the broken swings.",
    "Parks should have more benches and drinking fountains.",
    "Dog owners leave waste in the park; add bins and signs.",
    "Open the park toilets longer in the evening.",
    "Plant native trees along the park paths and water them in dry weeks.",
    "The community garden in the park is great, please expand it.",
    "Lighting in the park paths is poor at night, it does not feel safe.",
]
RECYCLING = [
    "Recycling bins are overflowing every weekend; collect them more often.",
    "Explain which plastics can be recycled with clear labels on the bins.",
    "Food waste collection should be weekly in apartments.",
    "Give households separate recycling bags for glass and plastic.",
    "The recycling centre hours are too short for working residents.",
    "Fine shops that mix recycling with general waste.",
    "Teach recycling rules at schools so families sort waste correctly.",
    "Plastic waste from delivery food needs a better recycling system.",
]
KOREAN = {"지하철": SUBWAY, "어르신": ELDERLY, "개인정보": PRIVACY}
ENGLISH = {"bus": TRANSIT, "park": PARKS, "recycling": RECYCLING}


def numbered(subjects: dict[str, list[str]], start: int = 1) -> list[tuple[int, str]]:
    """(id, text) of every comment, subject after subject, ids from `start`."""
    texts = [text for group in subjects.values() for text in group]
    return list(enumerate(texts, start))


def subject_of(subjects: dict[str, list[str]], start: int = 1) -> dict[int, str]:
    """Which subject each id of `numbered(subjects, start)` is about."""
    return {comment_id: next(key for key, group in subjects.items() if text in group)
            for comment_id, text in numbered(subjects, start)}
