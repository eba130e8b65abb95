"""Demo data, the plan: Seoul's information strategy committee and its Digital Basic Plan 2020 tasks.

Pure data, no project imports. Based on the published minutes of the committee's 2016 2nd meeting
(`shared/reference/committee-minutes-2016-2.md` beside the project): the statuses and reasons of 3-1-4,
3-1-7, 3-2-7, 4-2-1 and 4-2-3 are the minutes'; other titles and departments are plausible stand-ins.
Text is Korean because it is user content.

Shapes: `COMMITTEE` is `{"name", "description"}`; `TASKS` are `{"code", "title", "department", "history"}`
with `code` strategy-major-task (`3-1-7`) and `history` oldest first, each `{"status", "changed_on"
(YYYY-MM-DD), "reason"}`, the last entry being the current status.
"""

COMMITTEE = {
    "name": "서울특별시 정보화전략위원회",
    "description": (
        "서울특별시 정보화전략위원회는 1998년 출범한 이후 서울시 정보화 정책과 사업에 대해 조언하고 "
        "방향을 제시해 온 자문위원회입니다. 2016년 2월 발표된 '서울 디지털기본계획2020'의 추진현황을 "
        "점검하고, 이행과제의 연기·보류·축소·제외 등 변경 사항을 검토합니다. 위원들은 새로운 기술에 대한 "
        "지식과 시민의 입장에서 서울시 디지털 정책에 의견을 제시합니다."
    ),
}

TASKS = [
    {"code": '1-1-1', "title": '시민주도형 거버넌스 체계 구축', "department": '정보기획담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정. 시민이 디지털 정책의 내용을 직접 만들어 가도록 제도를 개선하고 시범사업을 추진함'},
    ]},
    {"code": '1-2-1', "title": '열린데이터광장 공공데이터 개방 확대', "department": '통계데이터담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '1-3-2', "title": '엠보팅(mVoting) 시민 정책투표 플랫폼 고도화', "department": '시민소통담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '1-3-3', "title": '모바일 세금납부 서비스 통합', "department": '세무과', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
        {"status": 'delayed', "changed_on": '2016-11-30',
         "reason": '연계 대상 시스템의 재구축 일정에 맞추어 2년 연기함(부서 의견, 위원회 검토 대상)'},
    ]},
    {"code": '2-1-3', "title": '서울형 핀테크 산업 육성 지원', "department": '투자창업과', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
        {"status": 'delayed', "changed_on": '2016-11-30',
         "reason": '내년도 예산상의 이유로 1년 연기함'},
    ]},
    {"code": '2-2-1', "title": '사물인터넷(IoT) 도시 실증사업 추진', "department": '정보기획담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '2-2-3', "title": '디지털 창업 인재 양성 프로그램 운영', "department": '일자리정책과', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
        {"status": 'reduced', "changed_on": '2016-11-30',
         "reason": '내년도 예산 조정에 따라 교육 목표 인원(지표)을 하향 조정함'},
    ]},
    {"code": '2-3-1', "title": '세계도시전자정부협의체(WeGO) 중심 국제협력 및 디지털 정책 전파', "department": '국제협력과', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '3-1-1', "title": '정보취약계층 정보격차해소', "department": '정보기획담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '3-1-4', "title": '교통약자 이동편의 정보서비스 구축', "department": '교통정보과', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
        {"status": 'underperforming', "changed_on": '2016-11-30',
         "reason": '당초 사업내용에 앱 개발이 있었으나 앱을 개발하지 않는 방향으로 전략이 변경되어 단계별 목표를 달성하지 못함'},
    ]},
    {"code": '3-1-7', "title": '사회약자 안심서비스 확대', "department": '정보기획담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
        {"status": 'delayed', "changed_on": '2016-07-29',
         "reason": '내부적인 이슈로 사업 진행이 늦어짐'},
        {"status": 'underperforming', "changed_on": '2016-11-30',
         "reason": '저비용으로 수혜대상자를 확대할 새로운 서비스가 충분히 개발되지 않아 목표를 달성하지 못함. 사물인터넷 실증사업 연계로 서비스 질과 비용 측면에서 적합한 서비스를 찾는 중임'},
    ]},
    {"code": '3-2-7', "title": '시민 정보보호 교육 확대', "department": '정보통신보안담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
        {"status": 'underperforming', "changed_on": '2016-11-30',
         "reason": 'NGO와 함께 진행하려던 정보보호 교육이 진행되지 않아 목표치에 도달하지 못함'},
    ]},
    {"code": '4-1-1', "title": '첨단기술의 선제적 적용: 서울디지털서밋 개최 및 민관 공동과제 추진', "department": '정보기획담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '4-1-4', "title": '가상현실(VR) 기반 도시관광 콘텐츠 구축', "department": '관광정책과', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
        {"status": 'on_hold', "changed_on": '2016-11-30',
         "reason": '민간 서비스와의 중복 여부와 사업 타당성을 재검토하기 위해 보류함'},
    ]},
    {"code": '4-1-5', "title": '드론 활용 시설물 안전점검 시범사업', "department": '안전총괄과', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
        {"status": 'excluded', "changed_on": '2016-11-30',
         "reason": '디지털2020 관리 과제에서 제외함. 사업 자체는 소관 부서에서 계속 추진함'},
    ]},
    {"code": '4-2-1', "title": '클라우드서비스 미래형데이터센터 구축', "department": '정보시스템담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정. 데이터센터 장비의 상당 부분을 국산화하는 내용을 포함함'},
    ]},
    {"code": '4-2-2', "title": '공간정보 공유활용확대', "department": '공간정보담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '4-2-3', "title": '빅데이터 공유활용플랫폼 고도화', "department": '통계데이터담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '4-3-1', "title": '공공 와이파이(WiFi) 확대 구축', "department": '정보통신보안담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
    {"code": '4-3-2', "title": '사물인터넷(IoT) 공통 플랫폼 구축', "department": '정보시스템담당관', "history": [
        {"status": 'on_track', "changed_on": '2016-02-15',
         "reason": '디지털기본계획2020 수립 시 과제 확정'},
    ]},
]
