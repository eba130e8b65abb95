"""Tests of the record domain."""
from __future__ import annotations

from pathlib import Path

DEMO_MINUTES = Path(__file__).resolve().parents[2] / "participation" / "demo" / "data" / "committee-minutes-2016-2.md"


def minutes_text() -> str:
    """The reference minutes as the demo ships them (the same text as ../shared/reference's copy)."""
    return DEMO_MINUTES.read_text(encoding="utf-8")
