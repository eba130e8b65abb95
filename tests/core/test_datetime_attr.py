"""`<time datetime>` values are ones the HTML standard accepts: seconds, UTC, `Z` (no microseconds)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from participation.core.templating import datetime_attribute

KST = timezone(timedelta(hours=9))


def test_moments_are_utc_to_the_second():
    assert datetime_attribute(datetime(2017, 3, 2, 14, 0, 5, 654995, tzinfo=KST)) == "2017-03-02T05:00:05Z"
    assert datetime_attribute(datetime(2017, 3, 2, 5, 0, 5, 1, tzinfo=timezone.utc)) == "2017-03-02T05:00:05Z"
    assert datetime_attribute(datetime(2017, 3, 2, 5, 0, 5, 999999)) == "2017-03-02T05:00:05Z"  # naive: UTC


def test_dates_stay_dates_and_none_is_empty():
    assert datetime_attribute(date(2016, 2, 15)) == "2016-02-15"
    assert datetime_attribute(None) == ""


def test_no_template_uses_isoformat_in_a_datetime_attribute():
    from tests.server import PROJECT

    offenders = [str(p.relative_to(PROJECT)) for p in (PROJECT / "templates").rglob("*.html")
                 if re.search(r'datetime="[^"]*isoformat', p.read_text())]
    assert offenders == []
