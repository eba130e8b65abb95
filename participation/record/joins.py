"""Joining back text that a page break cut in two, with a space or without one as the words need.

Korean has no hyphenation: a page break falls anywhere, also inside a word (`사물인` / `터넷`) or between
a noun and its particle (`서울시` / `가`). Kiwi, a Korean morphological analyser whose model ships as a
package, scores both readings of the boundary; the cut joins without a space only when that reading is
clearly the better one (equal scores mean Kiwi does not care, and the space is kept).
"""
from __future__ import annotations

import re
from functools import lru_cache

# Kiwi's scores are log-probabilities; a margin keeps ties and near-ties with the space.
JOIN_MARGIN = 0.5
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HYPHENATED = re.compile(r"[A-Za-z]-$")


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def _score(text: str) -> float:
    return _kiwi().analyze(text, top_n=1)[0][1]


def needs_space(before: str, after: str) -> bool:
    """Whether the text after a page break goes on after a space (a new word) or without (the same word)."""
    before, after = before.rstrip(), after.lstrip()
    if not before or not after:
        return False
    last, first = before.split()[-1], after.split()[0]
    if _HYPHENATED.search(last) and first[:1].isalpha():
        return False
    if not (_HANGUL.search(last[-1]) and _HANGUL.search(first[0])):
        return True
    return not _score(last + first) > _score(f"{last} {first}") + JOIN_MARGIN


def join(before: str, after: str) -> str:
    """The two parts as one text (an English word hyphenated at the break loses its hyphen)."""
    before, after = before.rstrip(), after.lstrip()
    if needs_space(before, after):
        return f"{before} {after}"
    if _HYPHENATED.search(before.split()[-1] if before else ""):
        before = before[:-1]
    return before + after
