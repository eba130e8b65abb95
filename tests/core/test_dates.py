"""Dates read as people write them in each language, in the site's time zone (Asia/Seoul)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from participation.core.templating import format_day, format_moment

MOMENT = datetime(2016, 12, 21, 2, 30, 7, 123456, tzinfo=timezone.utc)  # 11:30:07 in Seoul
AFTERNOON = datetime(2016, 12, 21, 6, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize("lang, long, short, time, afternoon, day", [
    ("ko", "2016년 12월 21일 (수) 오전 11:30", "12월 21일 (수) 오전 11:30", "오전 11:30", "2016년 12월 21일 (수) 오후 3:05",
     "2016년 12월 21일 (수)"),
    ("en", "Wed 21 Dec 2016, 11:30", "Wed 21 Dec, 11:30", "11:30", "Wed 21 Dec 2016, 15:05", "Wed 21 Dec 2016"),
])
def test_moments_and_days(app, lang, long, short, time, afternoon, day):
    with app.test_request_context(f"/?lang={lang}"):
        assert format_moment(MOMENT) == format_moment(MOMENT, "full") == long
        assert format_moment(MOMENT, "short") == short
        assert format_moment(MOMENT, "time") == time
        assert format_moment(AFTERNOON) == afternoon
        assert format_day(date(2016, 12, 21)) == day
        assert format_moment(None) == format_day(None) == ""


def test_the_meeting_page_states_the_zone_once_and_no_seconds(client, demo):
    html = client.get("/meetings/1?lang=ko").get_data(as_text=True)
    assert html.count("Asia/Seoul") == 1
    assert "대한민국 표준시" not in html and "+0900" not in html and "초 " not in html
    assert "2016년 12월 21일 (수) 오전 11:30" in html
