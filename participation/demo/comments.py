"""Demo data, the citizens' comments on the 2016 2nd meeting (held; its record holds them) and on the 2017
1st meeting (upcoming, open for comments): written for their real agenda items, mostly in Korean, some in
English, as Seoul residents would write them.

Pure data, no project imports; the seed writes it through the comment services (commenting.py). The
people are fictional: demo citizen accounts (`citizen1` … `citizen10`, i.e. citizen1@example.org) or,
where the meeting takes comments without an account (2017), guest nicknames. The two phone numbers are
not real: one is masked on the public pages (it shows the masking), the other's comment is rejected.

`COMMENTS` maps a meeting key (meetings.py) to its comments (the seed writes them in time order). Each is `{"item" (index into the
meeting's items), "author" (a citizen account key) or "guest" (a nickname), "stance" (support, oppose,
concern, question, suggestion), "phase" (before, live, after), "at", "body", "outcome" (approved,
rejected, pending), "reason" and "note" (rejected only: a reason of the moderation policy and the note
its author reads), "agreed" (the citizen accounts that agree, approved only), "replies" (the demo
member's official replies, each `{"at", "body"}`)}`.

`at` is `(days, "HH:MM")`, Seoul time: for the held 2016 meeting days from the meeting's day (negative
before it, 0 or more after it), for the 2017 follow-up, whose date moves with the years (seed.py), days
before the day the demo is loaded. Pending comments exist only on 2017: a final record refuses them.
"""

COMMENTS = {
    "2016-2": [
        # --- before the meeting (published two weeks ahead) -------------------------------------------------
        {"item": 3, "author": "citizen1", "stance": "suggestion", "phase": "before", "at": (-12, "21:30"),
         "body": "지하철을 타면 다음 역이 어디인지 창밖을 봐야 알 수 있을 때가 많습니다. 열차 안 안내 화면에 "
                 "다음 역과 도착 시간을 실시간으로 보여 주면 좋겠습니다.",
         "outcome": "approved", "agreed": ["citizen2", "citizen3", "citizen5", "citizen6", "citizen7", "citizen9"]},
        {"item": 3, "author": "citizen3", "stance": "concern", "phase": "before", "at": (-11, "19:10"),
         "body": "휠체어를 타고 지하철을 이용하면 엘리베이터가 어느 출구에 있는지, 지금 고장인지 알 수가 "
                 "없습니다. 역마다 엘리베이터 위치와 운행 상태를 알려 주는 정보가 가장 시급합니다.",
         "outcome": "approved",
         "agreed": ["citizen1", "citizen2", "citizen4", "citizen5", "citizen6", "citizen7", "citizen8"],
         "replies": [{"at": (1, "10:30"), "body": "말씀하신 엘리베이터 운행 상태 정보의 필요성을 회의에서 "
                                                   "전달했습니다. 다음 회의의 후속 보고에서 부서의 계획을 확인하겠습니다."}]},
        {"item": 3, "author": "citizen3", "stance": "concern", "phase": "before", "at": (-11, "19:12"),
         "body": "휠체어를 타고 지하철을 이용하면 엘리베이터가 어느 출구에 있는지 알 수가 없습니다. 역마다 "
                 "엘리베이터 위치와 운행 상태를 알려 주세요.",
         "outcome": "rejected", "reason": "duplicate",
         "note": "바로 앞서 남기신 의견과 내용이 같아 하나만 공개합니다."},
        {"item": 7, "author": "citizen7", "stance": "support", "phase": "before", "at": (-10, "22:00"),
         "body": "심야버스처럼 빅데이터로 노선을 만든 사례가 더 많아지면 좋겠습니다. 부서마다 데이터를 따로 "
                 "갖고 있으면 이런 서비스가 나올 수 없습니다.",
         "outcome": "approved", "agreed": ["citizen2", "citizen8", "citizen9"]},
        {"item": 2, "author": "citizen2", "stance": "suggestion", "phase": "before", "at": (-10, "12:15"),
         "body": "회의자료 14~18쪽의 연기·보류·축소·제외 과제 목록을 회의 전에 시민에게도 공개해 주세요. 어떤 "
                 "과제가 왜 미뤄졌는지 알아야 의견을 낼 수 있습니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen4", "citizen6", "citizen7", "citizen8"]},
        {"item": 3, "author": "citizen7", "stance": "support", "phase": "before", "at": (-9, "07:50"),
         "body": "버스정류장처럼 지하철 승강장에도 열차가 몇 분 뒤에 도착하는지 실시간 도착 정보를 보여 "
                 "주세요. 교통약자에게는 기다리는 시간을 아는 것만으로도 큰 도움이 됩니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen4", "citizen8"]},
        {"item": 4, "author": "citizen4", "stance": "support", "phase": "before", "at": (-9, "16:20"),
         "body": "혼자 사시는 어머니가 통신사 안심서비스를 쓰고 있어 큰 도움이 됩니다. 비용 때문에 대상자가 "
                 "한정되어 있다면 예산을 늘려서라도 확대해 주세요.",
         "outcome": "approved", "agreed": ["citizen1", "citizen2", "citizen6"]},
        {"item": 3, "author": "citizen2", "stance": "concern", "phase": "before", "at": (-8, "23:15"),
         "body": "기존 교통 정보 서비스에 나오는 시설 데이터가 실제와 다른 경우가 많았습니다. 앱을 새로 만들지 "
                 "않는다면 데이터가 정확한지, 얼마나 자주 갱신되는지부터 관리해 주세요.",
         "outcome": "approved", "agreed": ["citizen1", "citizen5", "citizen7", "citizen9"]},
        {"item": 5, "author": "citizen3", "stance": "concern", "phase": "before", "at": (-8, "20:00"),
         "body": "보이스피싱과 스미싱 피해가 어르신들께 집중되고 있는데 정보보호 교육 목표를 채우지 못했다니 "
                 "아쉽습니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen4", "citizen8"]},
        {"item": 3, "author": "citizen6", "stance": "suggestion", "phase": "before", "at": (-7, "13:25"),
         "body": "휠체어 이용자는 일반 버스에 탈 수 없어 경사판이 있는 저상버스를 한참 기다려야 합니다. 휠체어로 "
                 "탈 수 있는 저상버스가 언제 오는지 따로 알려 주세요.",
         "outcome": "approved", "agreed": ["citizen3", "citizen5", "citizen9"]},
        {"item": 6, "author": "citizen8", "stance": "support", "phase": "before", "at": (-7, "11:40"),
         "body": "국산 장비와 소프트웨어를 시가 먼저 써 주는 것은 좋다고 생각합니다. 운영실적 증명서가 있으면 "
                 "중소기업이 다른 지자체에 납품하기도 쉬워집니다.",
         "outcome": "approved", "agreed": ["citizen2", "citizen4"]},
        {"item": 4, "author": "citizen2", "stance": "concern", "phase": "before", "at": (-6, "22:30"),
         "body": "옆집 할머니 ○○○ 씨가 혼자 사시는데 요즘 통 안 보이세요. 마포구 ○○동 12-3 2층이고 전화는 "
                 "02-000-0000입니다. 꼭 확인해 주세요.",
         "outcome": "rejected", "reason": "personal_data",
         "note": "다른 분의 주소와 연락처가 담겨 있어 공개하지 않습니다. 급한 안부 확인은 120다산콜재단이나 "
                 "주민센터에 요청해 주세요."},
        {"item": 7, "author": "citizen9", "stance": "concern", "phase": "before", "at": (-6, "18:10"),
         "body": "생산부서가 데이터 제공을 거부한다는 것이 놀랍습니다. 시장단 보고만으로 해결될지 의문이고, "
                 "데이터 공유 의무를 규정으로 정해야 하지 않을까요?",
         "outcome": "approved", "agreed": ["citizen1", "citizen2", "citizen6", "citizen7"]},
        {"item": 2, "author": "citizen6", "stance": "concern", "phase": "before", "at": (-6, "08:30"),
         "body": "지하철역에서 와이파이를 켜 두면 LTE가 잘 안 잡힐 때가 있습니다. 공공 와이파이 과제의 지표가 "
                 "AP 개수뿐이라면 실제 이용 품질도 함께 측정해 주세요.",
         "outcome": "approved", "agreed": ["citizen5", "citizen9"]},
        {"item": 5, "author": "citizen5", "stance": "suggestion", "phase": "before", "at": (-5, "12:30"),
         "body": "NGO와의 협력이 어렵다면 복지관이나 도서관의 기존 정보화 교육에 정보보호 과정을 넣는 방법도 "
                 "있습니다.",
         "outcome": "approved", "agreed": ["citizen3", "citizen7", "citizen9", "citizen10"]},
        {"item": 3, "author": "citizen4", "stance": "question", "phase": "before", "at": (-5, "10:40"),
         "body": "휠체어 리프트만 있는 역은 언제 엘리베이터로 바뀌나요? 교통약자 정보서비스에 역별 엘리베이터 "
                 "설치 계획도 함께 담아 주셨으면 합니다.",
         "outcome": "approved", "agreed": ["citizen3", "citizen8"]},
        {"item": 5, "author": "citizen8", "stance": "suggestion", "phase": "before", "at": (-5, "01:20"),
         "body": "개인정보 유출 걱정 끝! ○○보안 백신 1년 무료 체험, 지금 바로 검색하세요.",
         "outcome": "rejected", "reason": "spam", "note": "광고성 글은 공개하지 않습니다."},
        {"item": 2, "author": "citizen10", "stance": "suggestion", "phase": "before", "at": (-4, "22:10"),
         "body": "As a foreign resident I often miss my stop because the next station is announced only in "
                 "Korean. Real-time next-station and arrival information on the screens of every subway train, "
                 "in English too, would help a lot.",
         "outcome": "approved", "agreed": ["citizen1", "citizen2"]},
        {"item": 4, "author": "citizen6", "stance": "question", "phase": "before", "at": (-4, "09:45"),
         "body": "내부적인 이슈로 늦어졌다는 설명만으로는 무엇이 문제였는지 알 수 없습니다. 어떤 이슈였는지 "
                 "구체적으로 알려 주실 수 있나요?",
         "outcome": "approved", "agreed": ["citizen1", "citizen3", "citizen5", "citizen8"],
         "replies": [{"at": (1, "11:00"), "body": "회의에서도 같은 질문이 나왔습니다. 재원의 한계로 기존 서비스의 "
                                                   "대상자가 한정된 가운데, 저비용으로 대상을 넓힐 새로운 서비스가 "
                                                   "아직 충분히 개발되지 않은 점이 주된 이유로 설명되었습니다."}]},
        {"item": 0, "author": "citizen5", "stance": "question", "phase": "before", "at": (-3, "20:40"),
         "body": "새로 위촉되는 위원분들이 어떤 분야의 전문가인지 미리 알려 주시면 좋겠습니다. 시민 입장에서 "
                 "누가 우리 의견을 대변하는지 궁금합니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen8"],
         "replies": [{"at": (2, "09:40"), "body": "좋은 지적입니다. 위원의 전문 분야를 회의 결과와 함께 공개하도록 "
                                                   "간사께 요청했습니다."}]},
        {"item": 3, "author": "citizen9", "stance": "suggestion", "phase": "before", "at": (-3, "11:00"),
         "body": "앱 개발 대신 교통약자 시설 데이터를 오픈API로 개방해 주세요. 민간 지도 서비스가 그 데이터를 "
                 "쓰면 더 많은 사람이 볼 수 있습니다. 다만 데이터 오류를 시민이 신고할 창구도 필요합니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen2", "citizen4", "citizen6", "citizen7"]},
        {"item": 2, "author": "citizen4", "stance": "concern", "phase": "before", "at": (-2, "15:00"),
         "body": "우리 아파트 앞 불법주차 좀 단속해 주세요. 몇 번을 신고해도 그대로입니다.",
         "outcome": "rejected", "reason": "off_topic",
         "note": "이 회의의 안건과 관련이 없는 민원입니다. 주차 단속은 120다산콜재단이나 구청에 신고해 주세요."},
        {"item": 4, "author": "citizen1", "stance": "suggestion", "phase": "before", "at": (-2, "14:10"),
         "body": "저희 동네 경로당 어르신들이 안심서비스를 잘 모르십니다. 동 주민센터에서 설명회를 열어 주시면 "
                 "좋겠어요. 경로당 총무 연락처는 010-0000-1234입니다.",
         "outcome": "approved", "agreed": ["citizen4", "citizen7"]},
        {"item": 8, "author": "citizen8", "stance": "support", "phase": "before", "at": (-2, "19:00"),
         "body": "위원회 회의를 시민에게 여는 시도 자체를 환영합니다. 회의가 끝난 뒤에도 어떤 의견이 오갔는지 "
                 "볼 수 있으면 좋겠습니다.",
         "outcome": "approved", "agreed": ["citizen3"]},
        # --- after the meeting (it closed at 13:00; the record is final a week later) -----------------------
        {"item": 8, "author": "citizen1", "stance": "support", "phase": "after", "at": (1, "08:00"),
         "body": "시민이 직접 참여하는 온라인 공개회의, 꼭 실현되면 좋겠습니다. 회의자료를 미리 공개해 주시면 "
                 "저도 읽고 의견을 내겠습니다.",
         "outcome": "approved",
         "agreed": ["citizen2", "citizen3", "citizen4", "citizen5", "citizen6", "citizen7", "citizen8", "citizen9"],
         "replies": [{"at": (2, "10:00"), "body": "내년 제1차 회의부터 2부를 온라인 공개회의로 시범 운영하는 방안을 "
                                                   "검토하기로 했습니다. 많이 참여해 주세요."}]},
        {"item": 8, "author": "citizen1", "stance": "support", "phase": "after", "at": (1, "08:02"),
         "body": "시민이 직접 참여하는 온라인 공개회의 꼭 실현되면 좋겠습니다!",
         "outcome": "rejected", "reason": "duplicate", "note": "바로 앞서 남기신 의견과 같은 내용이라 하나만 공개합니다."},
        {"item": 3, "author": "citizen5", "stance": "concern", "phase": "after", "at": (1, "18:05"),
         "body": "열차 안 다음 역 안내 방송이 잘 안 들릴 때가 많습니다. 청각장애인도 알 수 있도록 다음 역과 "
                 "도착 정보를 열차 안 화면에 실시간 자막으로도 꼭 보여 주세요.",
         "outcome": "approved", "agreed": ["citizen3", "citizen10"]},
        {"item": 3, "author": "citizen7", "stance": "question", "phase": "after", "at": (1, "15:30"),
         "body": "앱을 개발하지 않는 쪽으로 전략이 바뀌었다면 이 과제의 성과지표는 무엇으로 바뀌나요? 데이터 "
                 "개방 건수나 데이터 정확도 같은 지표로 다시 정해야 할 것 같습니다.",
         "outcome": "approved", "agreed": ["citizen2", "citizen9"]},
        {"item": 5, "author": "citizen9", "stance": "question", "phase": "after", "at": (1, "20:20"),
         "body": "당초 지표가 명확하지 않았다고 하셨는데, 교육 인원 말고 어떤 지표로 성과를 보실 계획인가요?",
         "outcome": "approved", "agreed": []},
        {"item": 7, "author": "citizen4", "stance": "question", "phase": "after", "at": (1, "13:15"),
         "body": "스마트불편신고 데이터가 하루 천 건이 넘는다고 들었는데, 개인정보를 지운 뒤 열린데이터광장에서 "
                 "내려받을 수 있게 되나요?",
         "outcome": "approved", "agreed": ["citizen9"]},
        {"item": 1, "author": "citizen9", "stance": "oppose", "phase": "after", "at": (1, "23:10"),
         "body": "부위원장 뽑는 것도 다 짜고 치는 고스톱이지. 세금 축내는 인간들 다 물러나라.",
         "outcome": "rejected", "reason": "abusive",
         "note": "위원과 다른 참여자를 비방하는 표현은 공개하지 않습니다. 표현을 바꿔 다시 남겨 주세요."},
        {"item": 3, "author": "citizen8", "stance": "concern", "phase": "after", "at": (2, "09:05"),
         "body": "환승역에서 휠체어로 이동할 수 있는 동선 안내가 없습니다. 엘리베이터와 경사로를 이어 가는 "
                 "환승 경로를 지도에 표시해 주세요.",
         "outcome": "approved", "agreed": ["citizen3", "citizen6"]},
        {"item": 6, "author": "citizen1", "stance": "concern", "phase": "after", "at": (2, "14:00"),
         "body": "국산 비율을 높이는 것도 좋지만 데이터센터의 안정성이 먼저입니다. 장애가 나면 시민 서비스가 "
                 "멈추니 검증을 충분히 해 주세요.",
         "outcome": "approved", "agreed": ["citizen3", "citizen6", "citizen7"]},
        {"item": 8, "author": "citizen3", "stance": "suggestion", "phase": "after", "at": (2, "12:20"),
         "body": "온라인 공개회의를 하면 생중계뿐 아니라 문자 중계와 자막도 함께 제공해 주세요. 청각장애인도 "
                 "참여할 수 있어야 합니다.",
         "outcome": "approved", "agreed": ["citizen5", "citizen8"]},
        {"item": 4, "author": "citizen8", "stance": "concern", "phase": "after", "at": (2, "21:50"),
         "body": "사물인터넷 실증사업과 연계한다고 하셨는데, 시범사업만 계속하다가 실제 대상자 확대는 또 "
                 "미뤄질까 걱정됩니다.",
         "outcome": "approved", "agreed": ["citizen4", "citizen6"]},
        {"item": 2, "author": "citizen8", "stance": "question", "phase": "after", "at": (2, "19:45"),
         "body": "54개 이행과제 가운데 시민이 실제로 체감할 수 있는 서비스는 몇 개인지 궁금합니다. 과제별 "
                 "시민 만족도 조사 결과도 공유해 주실 수 있나요?",
         "outcome": "approved", "agreed": ["citizen2", "citizen6", "citizen7"]},
        {"item": 3, "author": "citizen2", "stance": "suggestion", "phase": "after", "at": (3, "12:40"),
         "body": "앱을 만들지 않기로 했다면 지하철 도착 정보를 역 전광판과 열차 안 화면에서라도 실시간으로 "
                 "제공해야 합니다. 스마트폰이 없는 어르신도 볼 수 있으니까요.",
         "outcome": "approved", "agreed": ["citizen4", "citizen6", "citizen8", "citizen9"]},
        {"item": 4, "author": "citizen7", "stance": "suggestion", "phase": "after", "at": (3, "10:15"),
         "body": "회의에서 나온 행동패턴 분석 같은 첨단기술도 좋지만, 먼저 지금 서비스를 받는 분들이 실제로 "
                 "얼마나 도움을 받았는지 평가해 주세요.",
         "outcome": "approved", "agreed": ["citizen2", "citizen4", "citizen6"]},
        {"item": 5, "author": "citizen2", "stance": "support", "phase": "after", "at": (3, "17:10"),
         "body": "개인정보를 지키는 법은 누구나 배워야 합니다. 내년에는 꼭 제대로 추진해 주세요.",
         "outcome": "approved", "agreed": ["citizen5"]},
        {"item": 6, "author": "citizen5", "stance": "question", "phase": "after", "at": (3, "08:10"),
         "body": "요즘 집 인터넷 속도가 너무 느린데 통신사를 바꾸는 게 나을까요?",
         "outcome": "rejected", "reason": "off_topic", "note": "안건과 관련이 없는 질문이라 공개하지 않습니다."},
        {"item": 8, "author": "citizen6", "stance": "concern", "phase": "after", "at": (3, "20:00"),
         "body": "공개회의가 형식적인 행사로 끝나지 않으려면 시민 의견에 위원회가 어떻게 답했는지 기록으로 "
                 "남겨야 합니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen2", "citizen9", "citizen10"]},
        {"item": 3, "author": "citizen6", "stance": "concern", "phase": "after", "at": (4, "20:30"),
         "body": "교통약자 시설 데이터를 구청과 운영기관이 따로 관리해서 서로 다른 경우가 있습니다. 데이터를 한곳에서 "
                 "갱신하고 데이터 정확도를 정기적으로 공개해 주세요.",
         "outcome": "approved", "agreed": ["citizen2", "citizen9"]},
        {"item": 4, "author": "citizen10", "stance": "question", "phase": "after", "at": (4, "08:40"),
         "body": "How many people does the current safety service cover, and how many are waiting for it? "
                 "Publishing those numbers would show whether the low-cost alternatives are working.",
         "outcome": "approved", "agreed": ["citizen6"]},
        {"item": 7, "author": "citizen2", "stance": "suggestion", "phase": "after", "at": (4, "10:50"),
         "body": "원천데이터를 한곳에 모으는 것에 찬성합니다. 어떤 데이터가 들어와 있고 어느 부서가 아직 "
                 "연동하지 않았는지 현황판을 공개해 주세요.",
         "outcome": "approved", "agreed": ["citizen7", "citizen9"],
         "replies": [{"at": (5, "09:30"), "body": "연동 현황 공개는 좋은 제안입니다. 다음 회의에서 통계데이터담당관께 "
                                                   "현황 보고를 요청하겠습니다."}]},
        {"item": 6, "author": "citizen6", "stance": "question", "phase": "after", "at": (4, "19:30"),
         "body": "백업시스템에 국산 SW를 적용하면 유지보수 비용이 실제로 얼마나 줄어드는지 수치로 알려 주시면 "
                 "좋겠습니다.",
         "outcome": "approved", "agreed": []},
        {"item": 3, "author": "citizen1", "stance": "oppose", "phase": "after", "at": (5, "21:00"),
         "body": "성과부진의 이유가 '앱을 만들지 않기로 해서'라는 설명은 납득하기 어렵습니다. 목표를 바꿨다면 "
                 "바뀐 목표와 데이터 개방 일정을 공개해야 합니다.",
         "outcome": "approved", "agreed": ["citizen2", "citizen7", "citizen9"]},
        {"item": 5, "author": "citizen10", "stance": "suggestion", "phase": "after", "at": (5, "13:00"),
         "body": "Please offer the privacy and security classes in English and other languages as well. Many "
                 "migrant workers and foreign residents receive phishing messages too.",
         "outcome": "approved", "agreed": ["citizen3", "citizen5"]},
        {"item": 8, "author": "citizen5", "stance": "question", "phase": "after", "at": (5, "11:30"),
         "body": "2부 온라인 공개회의는 평일 낮에 하나요? 직장인도 참여할 수 있게 저녁 시간대도 고려해 주세요.",
         "outcome": "approved", "agreed": ["citizen4"]},
    ],
    "2017-1": [
        {"item": 1, "author": "citizen4", "stance": "support", "phase": "before", "at": (-13, "19:00"),
         "body": "혼자 사시는 어르신 댁에 문 열림 센서나 전력 사용량 센서를 달아, 하루 종일 움직임이 없으면 "
                 "알려 주는 방식이 저비용으로 좋아 보입니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen2", "citizen6", "citizen8", "citizen9"]},
        {"item": 6, "author": "citizen1", "stance": "support", "phase": "before", "at": (-13, "20:00"),
         "body": "작년 회의에서 나온 제안이 정말 실현되어 반갑습니다. 2부 생중계 때 꼭 참여하겠습니다.",
         "outcome": "approved", "agreed": ["citizen2", "citizen3", "citizen5", "citizen8", "citizen9"]},
        {"item": 0, "author": "citizen2", "stance": "question", "phase": "before", "at": (-12, "20:10"),
         "body": "지난 회의 이후 교통약자 정보서비스의 목표와 지표가 어떻게 바뀌었는지 궁금합니다. 바뀐 지표를 "
                 "회의 전에 공개해 주세요.",
         "outcome": "approved", "agreed": ["citizen1", "citizen3", "citizen7"]},
        {"item": 1, "author": "citizen2", "stance": "concern", "phase": "before", "at": (-12, "22:15"),
         "body": "행동패턴을 분석해 긴급상황을 예측한다는 것은 결국 집 안 생활을 늘 지켜본다는 뜻입니다. "
                 "개인정보와 사생활 보호 대책을 먼저 세워 주세요.",
         "outcome": "approved",
         "agreed": ["citizen1", "citizen3", "citizen5", "citizen6", "citizen7", "citizen9"],
         "replies": [{"at": (-10, "09:00"), "body": "행동패턴 분석은 아직 검토 단계입니다. 회의에서 개인정보 보호 "
                                                     "방안을 함께 논의하겠습니다."}]},
        {"item": 5, "author": "citizen7", "stance": "support", "phase": "before", "at": (-12, "11:30"),
         "body": "54개 과제를 하나로 보여 주는 디지털 지수에 찬성합니다. 시민이 매년 나아졌는지 한눈에 볼 수 "
                 "있으면 좋겠습니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen3", "citizen9"]},
        {"item": 1, "guest": "성북구주민", "stance": "suggestion", "phase": "before", "at": (-11, "10:30"),
         "body": "사물인터넷 센서로 어르신 안부를 확인하더라도 이상 신호가 오면 누가 직접 방문하는지가 "
                 "중요합니다. 센서와 돌봄 인력을 함께 연결해 주세요.",
         "outcome": "approved", "agreed": ["citizen4", "citizen5", "citizen6"]},
        {"item": 1, "author": "citizen1", "stance": "concern", "phase": "before", "at": (-11, "07:40"),
         "body": "이동통신사 서비스는 요금이 비싸서 대상자가 늘지 못한다고 들었습니다. 예산이 한정되어 있다면 "
                 "대상자 선정 기준부터 공개해 주세요.",
         "outcome": "approved", "agreed": ["citizen4", "citizen6", "citizen8"]},
        {"item": 1, "author": "citizen7", "stance": "question", "phase": "before", "at": (-10, "12:00"),
         "body": "행동패턴 데이터는 어디에 저장되고 누가 볼 수 있나요? 당사자 동의는 어떻게 받고, 동의를 "
                 "철회하면 개인정보는 삭제되나요?",
         "outcome": "approved", "agreed": ["citizen2", "citizen5"]},
        {"item": 2, "author": "citizen5", "stance": "suggestion", "phase": "before", "at": (-10, "19:30"),
         "body": "NGO와 협력하려면 시가 교육 교재와 강사비를 지원해야 합니다. 작은 단체들은 자체 예산으로 "
                 "교육을 열기 어렵습니다.",
         "outcome": "approved", "agreed": ["citizen3", "citizen9"]},
        {"item": 6, "author": "citizen5", "stance": "suggestion", "phase": "before", "at": (-10, "18:00"),
         "body": "오후 3시는 직장인이 보기 어렵습니다. 다시보기 영상과 시민 의견 정리본을 회의 후에 꼭 올려 "
                 "주세요.",
         "outcome": "approved", "agreed": ["citizen1", "citizen6"]},
        {"item": 1, "author": "citizen6", "stance": "question", "phase": "before", "at": (-9, "14:45"),
         "body": "실증사업의 센서가 어르신 댁에서 고장 나거나 배터리가 떨어지면 누가 확인하나요? 안부 확인이 "
                 "끊기지 않게 센서 관리 체계도 알려 주세요.",
         "outcome": "approved", "agreed": ["citizen3", "citizen9"]},
        {"item": 1, "author": "citizen9", "stance": "suggestion", "phase": "before", "at": (-9, "21:00"),
         "body": "통신사 단말기 대신 어르신이 쓰는 스마트폰이나 집에 있는 가전을 활용하면 요금과 비용을 크게 "
                 "줄여 대상자를 늘릴 수 있을 것 같습니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen4"]},
        {"item": 0, "author": "citizen3", "stance": "concern", "phase": "before", "at": (-9, "08:20"),
         "body": "엘리베이터 고장 정보는 아직도 역에 가서야 알 수 있습니다. 후속 보고에 실시간 운행 상태를 "
                 "알려 주는 계획이 꼭 들어가면 좋겠습니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen5", "citizen6", "citizen8"],
         "replies": [{"at": (-7, "10:00"), "body": "후속 보고에서 엘리베이터 운행 상태 정보 제공 계획을 부서에 "
                                                    "질의하겠습니다."}]},
        {"item": 0, "author": "citizen10", "stance": "concern", "phase": "before", "at": (-10, "20:30"),
         "body": "Wheelchair users need to know before leaving home whether the elevators at their stations are "
                 "working. Please publish elevator outages and accessible routes for every station.",
         "outcome": "approved", "agreed": ["citizen3"]},
        {"item": 3, "author": "citizen6", "stance": "question", "phase": "before", "at": (-9, "13:10"),
         "body": "지난 회의에서 요청된 백업시스템 국산 SW 적용 검토 결과가 어떻게 나왔는지 궁금합니다.",
         "outcome": "approved", "agreed": ["citizen1", "citizen8"]},
        {"item": 4, "author": "citizen9", "stance": "concern", "phase": "before", "at": (-8, "18:30"),
         "body": "데이터 연동을 1년 뒤로 미루는 부서가 여전히 많은지, 부서별 연동 현황을 숫자로 보여 주세요.",
         "outcome": "approved", "agreed": ["citizen2", "citizen7"]},
        {"item": 6, "guest": "부업왕", "stance": "support", "phase": "before", "at": (-8, "03:15"),
         "body": "집에서 하루 30분 투자로 월 300 수익! 자세한 내용은 검색창에 부업왕",
         "outcome": "rejected", "reason": "spam", "note": "광고성 글은 공개하지 않습니다."},
        {"item": 1, "guest": "개인정보지킴이", "stance": "oppose", "phase": "before", "at": (-7, "16:30"),
         "body": "인공지능으로 사생활을 분석하는 돌봄은 감시와 다르지 않다고 생각합니다. 본인 동의 없는 "
                 "행동패턴 수집은 반대합니다.",
         "outcome": "approved", "agreed": ["citizen2"]},
        {"item": 2, "author": "citizen4", "stance": "question", "phase": "before", "at": (-7, "10:00"),
         "body": "지난달에 받은 재산세 고지서가 잘못 나온 것 같은데 어디에 문의하나요?",
         "outcome": "rejected", "reason": "off_topic",
         "note": "안건과 관련이 없어 공개하지 않습니다. 세금 문의는 120다산콜재단에 해 주세요."},
        {"item": 5, "author": "citizen1", "stance": "suggestion", "phase": "before", "at": (-7, "21:20"),
         "body": "지수에 시민이 실제로 느끼는 체감지표를 꼭 넣어 주세요. 인프라 숫자만으로는 서비스가 좋아졌는지 "
                 "알 수 없습니다.",
         "outcome": "approved", "agreed": ["citizen3", "citizen5", "citizen6", "citizen7"],
         "replies": [{"at": (-5, "10:00"), "body": "체감지표를 어떻게 포함할지가 이번 회의의 주요 논점입니다. 의견 "
                                                    "감사합니다."}]},
        {"item": 1, "guest": "지나가던사람", "stance": "oppose", "phase": "before", "at": (-6, "01:10"),
         "body": "이런 걸 회의라고 하냐? 공무원들 월급 아깝다 진짜 한심한 것들.",
         "outcome": "rejected", "reason": "abusive", "note": "비방과 모욕적인 표현이 있어 공개하지 않습니다."},
        {"item": 1, "author": "citizen10", "stance": "suggestion", "phase": "before", "at": (-6, "23:05"),
         "body": "Simple motion sensors and smart plugs that notice when an elderly person living alone has not "
                 "moved for hours could reach far more households than the current service.",
         "outcome": "approved", "agreed": ["citizen4", "citizen6"]},
        {"item": 2, "guest": "동네도서관사서", "stance": "support", "phase": "before", "at": (-6, "15:15"),
         "body": "도서관에서 어르신 스마트폰 교실을 하고 있는데 정보보호 내용도 넣고 싶습니다. 협력 기관에 "
                 "공공도서관도 포함해 주세요.",
         "outcome": "approved", "agreed": ["citizen5", "citizen8"]},
        {"item": 6, "guest": "은평구민", "stance": "question", "phase": "before", "at": (-6, "12:40"),
         "body": "계정이 없어도 닉네임으로 의견을 남길 수 있나요? 어르신들은 회원가입을 어려워하십니다.",
         "outcome": "approved", "agreed": ["citizen5"],
         "replies": [{"at": (-5, "11:00"), "body": "네, 이번 회의에는 로그인하지 않아도 닉네임으로 의견을 남길 수 "
                                                    "있습니다."}]},
        {"item": 0, "guest": "휠체어탄다", "stance": "support", "phase": "before", "at": (-5, "21:40"),
         "body": "지난 회의 기록에 시민 의견이 그대로 남아 있는 것을 보고 이번에도 의견을 남깁니다. 휠체어 "
                 "이용자의 의견을 계속 들어 주세요.",
         "outcome": "approved", "agreed": ["citizen3"]},
        {"item": 1, "guest": "마포구주민", "stance": "question", "phase": "before", "at": (-5, "11:20"),
         "body": "현재 안심서비스를 받는 가구는 몇 가구이고 올해 예산으로 몇 가구까지 늘릴 수 있나요? 대상자 "
                 "대기 인원과 비용도 알려 주세요.",
         "outcome": "approved", "agreed": ["citizen1", "citizen6"]},
        {"item": 4, "author": "citizen2", "stance": "suggestion", "phase": "before", "at": (-5, "20:45"),
         "body": "연동을 거부한 부서가 있으면 그 이유도 함께 공개해 주세요. 시민이 데이터가 왜 없는지 알 수 "
                 "있어야 합니다.",
         "outcome": "approved", "agreed": ["citizen9"]},
        {"item": 1, "guest": "Jenny", "stance": "concern", "phase": "before", "at": (-4, "20:20"),
         "body": "Behaviour pattern analysis sounds helpful, but who controls the personal data? Please publish a "
                 "privacy impact assessment before any pilot.",
         "outcome": "approved", "agreed": ["citizen2", "citizen7"]},
        {"item": 1, "guest": "안심케어", "stance": "support", "phase": "before", "at": (-4, "13:00"),
         "body": "어르신 안심 돌봄 서비스 최저가! 지금 가입하면 첫 달 무료, 상담은 홈페이지에서.",
         "outcome": "rejected", "reason": "spam", "note": "광고성 글은 공개하지 않습니다."},
        {"item": 3, "author": "citizen8", "stance": "support", "phase": "before", "at": (-4, "09:50"),
         "body": "국산 제품 비율을 12%에서 20%까지 올리겠다는 목표를 꼭 달성해 주세요. 운영실적 증명서를 받은 "
                 "제품 목록도 공개하면 좋겠습니다.",
         "outcome": "approved", "agreed": ["citizen2"]},
        {"item": 5, "author": "citizen3", "stance": "concern", "phase": "before", "at": (-4, "17:00"),
         "body": "계층 간 디지털 격차를 지수에 반영해 주세요. 평균이 올라가도 어르신과 장애인은 뒤처질 수 "
                 "있습니다.",
         "outcome": "approved", "agreed": ["citizen4", "citizen5"]},
        {"item": 1, "author": "citizen8", "stance": "support", "phase": "before", "at": (-3, "09:10"),
         "body": "저희 할머니 댁에도 움직임 감지 센서가 있어서 가족이 안심합니다. 홀몸 어르신 댁에 센서가 더 "
                 "많이 보급되면 좋겠습니다.",
         "outcome": "approved", "agreed": ["citizen2", "citizen4"]},
        {"item": 2, "author": "citizen8", "stance": "question", "phase": "before", "at": (-3, "12:00"),
         "body": "교육 목표를 조정한다면 몇 명을 교육했는지보다 피해가 줄었는지를 봐야 하지 않을까요?",
         "outcome": "approved", "agreed": ["citizen5"]},
        {"item": 5, "guest": "Seoul commuter", "stance": "question", "phase": "before", "at": (-3, "08:15"),
         "body": "Will the index be comparable with other cities, for example through WeGO?",
         "outcome": "approved", "agreed": ["citizen7"]},
        {"item": 1, "author": "citizen5", "stance": "concern", "phase": "before", "at": (-2, "18:40"),
         "body": "어르신들은 동의서 내용을 잘 모르고 서명하시는 경우가 많습니다. 개인정보 수집 동의를 쉬운 말로 "
                 "설명해 주세요.",
         "outcome": "approved", "agreed": ["citizen2", "citizen3"]},
        {"item": 6, "author": "citizen3", "stance": "concern", "phase": "before", "at": (-2, "10:20"),
         "body": "생중계 화면에 자막과 수어 통역을 제공해 주세요. 듣기 어려운 시민도 2부에 함께할 수 있어야 "
                 "합니다.",
         "outcome": "approved", "agreed": ["citizen5", "citizen8"]},
        {"item": 4, "guest": "data_nerd", "stance": "suggestion", "phase": "before", "at": (-2, "11:10"),
         "body": "Please publish the platform's data catalogue as open data, with the date each data set was "
                 "last updated.",
         "outcome": "approved", "agreed": ["citizen2", "citizen9"]},
        # --- waiting for the moderator ----------------------------------------------------------------------
        {"item": 2, "guest": "Minh", "stance": "question", "phase": "before", "at": (-1, "19:20"),
         "body": "Will the NGO classes also be offered to foreign residents?", "outcome": "pending"},
        {"item": 5, "author": "citizen4", "stance": "question", "phase": "before", "at": (-1, "21:10"),
         "body": "지수 산출 방법과 원자료도 공개되나요?", "outcome": "pending"},
        {"item": 1, "author": "citizen3", "stance": "question", "phase": "before", "at": (-1, "20:50"),
         "body": "안부 확인 센서 보급 대상에 장애인 1인 가구도 포함되나요?", "outcome": "pending"},
        {"item": 0, "author": "citizen7", "stance": "question", "phase": "before", "at": (-1, "22:30"),
         "body": "저상버스 도착 정보도 후속 보고에 포함되나요?", "outcome": "pending"},
        {"item": 6, "guest": "Alex", "stance": "question", "phase": "before", "at": (-1, "23:00"),
         "body": "Will the live stream have English subtitles?", "outcome": "pending"},
    ],
}
