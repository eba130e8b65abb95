"""Text bound for spreadsheet programs (every CSV download): one rule against CSV injection."""
from __future__ import annotations

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """The text, with a leading `'` when a spreadsheet program would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text
