"""Demo data, the meetings: the 2016 2nd meeting from the minutes, its 2017 follow-up (upcoming, open for
comments, with an online open session) and a draft.

Pure data (the Markdown comes from documents.py). Shapes: `{"key", "title", "number", "year", "state", "place", "starts_at",
"part1", "part2", "stream_url", "summary", "items", "materials"}`; times are ISO 8601 strings with offset;
`part1` and `part2` are `[start, end]` or None. Items are `{"title", "kind", "task" (code or None),
"summary", "presenter", "pages" ([from, to] or None)}`; materials are `{"title", "item_index" (index into
items, or None for the meeting), "markdown"}`. Presenters are role names only, never personal names.
"""

from participation.demo.documents import (
    MD_2016_2_OVERVIEW,
    MD_2016_2_PROGRESS,
    MD_2016_2_TASK_3_1_7,
    MD_2016_2_TASK_4_2_1,
    MD_2016_2_TASK_4_2_3,
    MD_2017_1_CITIZENS,
    MD_2017_1_FOLLOW_UP,
)

MEETINGS = [
    {
        "key": "2016-2",
        "title": "2016년 제2차 정보화전략위원회",
        "number": 2,
        "year": 2016,
        "state": "closed",
        "place": "서울시청 본관 8층 간담회장",
        "starts_at": "2016-12-21T11:30:00+09:00",
        "part1": ["2016-12-21T11:30:00+09:00", "2016-12-21T13:00:00+09:00"],
        "part2": None,
        "stream_url": None,
        "summary": (
            "신규위원 위촉과 부위원장 선출 후 서울 디지털기본계획2020 추진현황을 보고받고 논의하여 "
            "원안대로 가결함. 위원들은 회의자료 14~18쪽의 변경 과제에 대해 추후 의견을 내기로 함."
        ),
        "items": [
            {
                "title": "신규위원 위촉",
                "kind": "appointment",
                "task": None,
                "summary": (
                    "정무부시장이 신규위원에게 위촉장을 수여하고 단체사진을 촬영함. 위원회가 1998년 출범 이후 "
                    "18년간 서울시 전자정부 발전에 기여해 왔음을 밝히고, 새로운 기술에 대한 지식과 시민의 "
                    "입장에서 조언해 달라고 당부함."
                ),
                "presenter": "정무부시장",
                "pages": None,
            },
            {
                "title": "부위원장 선출",
                "kind": "election",
                "task": None,
                "summary": (
                    "앞으로 콘텐츠와 스토리 분야가 중요하다는 취지의 위원 추천으로 관련 분야 전문가를 "
                    "부위원장으로 선출함(전원 동의). 이후 정기회의 안건 논의는 부위원장이 진행함."
                ),
                "presenter": "정보기획담당관(간사)",
                "pages": None,
            },
            {
                "title": "서울 디지털기본계획2020 추진현황 보고",
                "kind": "report",
                "task": None,
                "summary": (
                    "4대 전략, 12대 과제, 54개 이행과제의 추진현황과 연기·보류·축소·제외·성과부진 과제를 "
                    "보고함. 위원들은 변경 과제에 대한 부서 의견이 적합한지 검토해 의견을 내기로 하고, "
                    "안건은 원안대로 가결됨."
                ),
                "presenter": "정보기획담당관(간사)",
                "pages": [14, 18],
            },
            {
                "title": "성과부진 과제 논의: 교통약자 이동편의 정보서비스 구축",
                "kind": "deliberation",
                "task": "3-1-4",
                "summary": (
                    "실무조정회의에서의 부서 설명에 따르면 당초 사업내용에 앱 개발이 있었으나 앱을 개발하지 "
                    "않는 방향으로 전략이 변경되어 단계별 목표를 달성하지 못함."
                ),
                "presenter": "정보기획관",
                "pages": None,
            },
            {
                "title": "성과부진 과제 논의: 사회약자 안심서비스 확대",
                "kind": "deliberation",
                "task": "3-1-7",
                "summary": (
                    "이동통신사 망을 이용한 기존 서비스는 재원 한계로 수혜대상이 한정되어 저비용으로 대상자를 "
                    "확대하려 했으나, 내부 이슈로 진행이 늦어졌고 새로운 서비스가 충분히 개발되지 않음. "
                    "사물인터넷 실증사업 연계로 서비스 질과 비용 측면에서 적합한 서비스를 찾는 중임."
                ),
                "presenter": "정보기획관",
                "pages": None,
            },
            {
                "title": "성과부진 과제 논의: 시민 정보보호 교육 확대",
                "kind": "deliberation",
                "task": "3-2-7",
                "summary": (
                    "정보보호 교육을 NGO와 함께 진행하려 했으나 진행되지 않아 목표치에 도달하지 못함. "
                    "당초 지표 설정이 명확하지 않았던 점도 부진 사유로 설명됨."
                ),
                "presenter": "정보기획관",
                "pages": None,
            },
            {
                "title": "클라우드서비스 미래형데이터센터 구축과 국산 ICT 제품 활용",
                "kind": "deliberation",
                "task": "4-2-1",
                "summary": (
                    "과제에 장비의 상당 부분을 국산화하는 내용이 포함되어 있으며, 별도로 국산 제품 운영실적 "
                    "증명서 발급 사업을 통해 국산 비율을 4%대에서 12%대로 높였고 20%를 목표로 함. 위원은 "
                    "SW도 백업시스템 등에 국산 제품 적용을 확대하는 방안을 검토해 달라고 요청함."
                ),
                "presenter": "정보시스템담당관",
                "pages": None,
            },
            {
                "title": "빅데이터 공유활용플랫폼 고도화와 데이터 공유",
                "kind": "deliberation",
                "task": "4-2-3",
                "summary": (
                    "부서 간 데이터 공유를 위한 백본 과제가 부족하다는 지적에, 통합공간정보시스템(SDW)과 "
                    "원천데이터·중간자료를 한곳에 모으는 빅데이터 공유 플랫폼으로 전환 중임을 설명함. "
                    "생산부서의 데이터 제공 거부와 연동 지연 문제가 남아 있어 위원들의 지속적인 의견을 요청함."
                ),
                "presenter": "통계데이터담당관",
                "pages": None,
            },
            {
                "title": "시민참여 온라인 공개회의 제안",
                "kind": "other",
                "task": None,
                "summary": (
                    "시민사회단체 소속 위원이 회의자료를 과감히 공개하고 시민이 직접 참여하는 플랫폼을 실험하자고 "
                    "제안함. 이에 내년에는 회의를 2부로 나누어 1부는 요약 형태의 위원회로, 2부는 참석 가능한 "
                    "위원과 함께하는 온라인 공개회의로 진행하는 방안을 검토하기로 함."
                ),
                "presenter": "위원(시민사회단체)",
                "pages": None,
            },
        ],
        "materials": [
            {"title": "회의 개요", "item_index": None, "markdown": MD_2016_2_OVERVIEW},
            {"title": "서울 디지털기본계획2020 추진현황", "item_index": 2, "markdown": MD_2016_2_PROGRESS},
            {"title": "3-1-7 사회약자 안심서비스 논의 요약", "item_index": 4, "markdown": MD_2016_2_TASK_3_1_7},
            {"title": "4-2-1 미래형데이터센터와 국산 ICT 제품 활용", "item_index": 6, "markdown": MD_2016_2_TASK_4_2_1},
            {"title": "4-2-3 빅데이터 공유활용플랫폼과 데이터 공유", "item_index": 7, "markdown": MD_2016_2_TASK_4_2_3},
        ],
    },
    {
        "key": "2017-1",
        "title": "2017년 제1차 정보화전략위원회",
        "number": 1,
        "year": 2017,
        "state": "published",
        "place": "서울시청 본관 8층 간담회장(2부 온라인 생중계)",
        "starts_at": "2027-01-20T14:00:00+09:00",
        "part1": ["2027-01-20T14:00:00+09:00", "2027-01-20T15:00:00+09:00"],
        "part2": ["2027-01-20T15:10:00+09:00", "2027-01-20T16:30:00+09:00"],
        "stream_url": "https://stream.example.org/seoul-ict-2017-1",
        "summary": (
            "2016년 제2차 회의에서 논의한 과제들의 후속조치를 점검하고, 처음으로 2부 온라인 공개회의를 "
            "시범운영하여 시민 의견을 함께 듣습니다."
        ),
        "items": [
            {
                "title": "교통약자 이동편의 정보서비스 구축 후속 보고",
                "kind": "report",
                "task": "3-1-4",
                "summary": (
                    "앱 개발을 하지 않기로 한 전략 변경 내용과, 이를 반영해 과제의 목표와 지표를 다시 설정하는 "
                    "방안을 보고합니다."
                ),
                "presenter": "교통정보과장",
                "pages": None,
            },
            {
                "title": "사회약자 안심서비스 확대 방안",
                "kind": "deliberation",
                "task": "3-1-7",
                "summary": (
                    "사물인터넷 실증사업과 연계해 찾고 있는 저비용 안심서비스 후보와 대상자 확대 방안을 "
                    "논의합니다. 지난 회의에서 제안된 행동패턴 분석 등 첨단기술 적용 가능성도 함께 검토합니다."
                ),
                "presenter": "정보기획관",
                "pages": None,
            },
            {
                "title": "시민 정보보호 교육의 NGO 협력 방안",
                "kind": "deliberation",
                "task": "3-2-7",
                "summary": (
                    "NGO와 함께 하려던 정보보호 교육이 진행되지 않은 원인을 점검하고, 시민사회와의 협력 방식과 "
                    "교육 목표 조정 여부를 논의합니다."
                ),
                "presenter": "정보통신보안담당관",
                "pages": None,
            },
            {
                "title": "미래형데이터센터 구축과 국산 SW 적용 검토 결과",
                "kind": "report",
                "task": "4-2-1",
                "summary": (
                    "미래형데이터센터 구축 추진상황과 국산 장비 활용 현황을 보고하고, 지난 회의에서 요청된 "
                    "백업시스템 등 국산 SW 적용 확대 검토 결과를 공유합니다."
                ),
                "presenter": "정보시스템담당관",
                "pages": None,
            },
            {
                "title": "빅데이터 공유활용플랫폼 데이터 연동 현황",
                "kind": "report",
                "task": "4-2-3",
                "summary": (
                    "원천데이터와 중간자료의 플랫폼 통합 현황과, 생산부서의 데이터 제공 거부나 연동 지연 "
                    "문제에 대한 개선 방안을 보고합니다."
                ),
                "presenter": "통계데이터담당관",
                "pages": None,
            },
            {
                "title": "디지털 지수(인덱스) 개발 검토",
                "kind": "deliberation",
                "task": None,
                "summary": (
                    "54개 이행과제를 아우르는 대표 지표로서 디지털 지수의 개발 방향을 검토합니다. 인프라, "
                    "서비스, 시민의 디지털 활용 역량, 계층 간 격차 등 구성 요소와 과정지표·체감지표 선택 "
                    "문제를 논의합니다."
                ),
                "presenter": "정보기획담당관(간사)",
                "pages": None,
            },
            {
                "title": "시민참여 온라인 공개회의 시범운영",
                "kind": "other",
                "task": None,
                "summary": (
                    "지난 회의의 제안에 따라 1부 정기회의는 요약 형태로 진행하고, 2부는 참석 가능한 위원과 "
                    "함께 온라인 공개회의로 진행합니다. 시민은 생중계를 보며 안건과 자료에 의견을 남길 수 있습니다."
                ),
                "presenter": "정보기획담당관(간사)",
                "pages": None,
            },
        ],
        "materials": [
            {"title": "시민 여러분께: 온라인 공개회의 참여 안내", "item_index": None, "markdown": MD_2017_1_CITIZENS},
            {"title": "2016년 제2차 회의 후속조치 현황", "item_index": None, "markdown": MD_2017_1_FOLLOW_UP},
        ],
    },
    {
        "key": "2017-2",
        "title": "2017년 제2차 정보화전략위원회",
        "number": 2,
        "year": 2017,
        "state": "draft",
        "place": "서울시청 본관 8층 간담회장",
        "starts_at": "2027-06-16T14:00:00+09:00",
        "part1": ["2027-06-16T14:00:00+09:00", "2027-06-16T15:30:00+09:00"],
        "part2": None,
        "stream_url": None,
        "summary": (
            "디지털기본계획2020 상반기 추진현황과 온라인 공개회의 시범운영 결과를 보고받고 디지털 지수 "
            "개발 방향을 논의합니다."
        ),
        "items": [
            {
                "title": "서울 디지털기본계획2020 상반기 추진현황 보고",
                "kind": "report",
                "task": None,
                "summary": "54개 이행과제의 상반기 추진현황과 상태가 바뀐 과제를 보고합니다.",
                "presenter": "정보기획담당관(간사)",
                "pages": None,
            },
            {
                "title": "시민참여 온라인 공개회의 시범운영 결과",
                "kind": "report",
                "task": None,
                "summary": "제1차 회의 2부 온라인 공개회의의 시민 참여 현황과 주요 의견, 개선할 점을 보고합니다.",
                "presenter": "정보기획담당관(간사)",
                "pages": None,
            },
            {
                "title": "디지털 지수(인덱스) 개발 방향(안)",
                "kind": "deliberation",
                "task": None,
                "summary": "제1차 회의 논의를 바탕으로 마련한 디지털 지수의 구성 요소와 측정 방법(안)을 심의합니다.",
                "presenter": "정보기획담당관(간사)",
                "pages": None,
            },
        ],
        "materials": [],
    },
]
