"""`core.text.refused_character`: the one rule for characters a user's text may not hold."""
from __future__ import annotations

import pytest

from participation.core.text import refused_character, without_refused_characters


@pytest.mark.parametrize("text, refused", [
    ("a\x00b", "\x00"), ("x\ud800y", "\ud800"), ("\udfff", "\udfff"), ("a\x1bb", "\x1b"), ("a\x7f", "\x7f"),
    ("a\x85", "\x85"), ("a\x9f", "\x9f"),
])
def test_text_refuses_controls_and_lone_surrogates(text, refused):
    assert refused_character(text) == refused
    assert refused_character(text, name=True) == refused


@pytest.mark.parametrize("text", ["첫 줄\n둘째 줄", "a\r\nb", "a\tb", "\u202e마크", "emoji 👍", "ﬁ"])
def test_text_allows_line_breaks_tabs_and_any_script(text):
    assert refused_character(text) is None


@pytest.mark.parametrize("char", [*"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", "\n", "\t",
                                  "\r", "\u2028", "\u2029", "\x00"])
def test_a_name_also_refuses_line_breaks_and_direction_controls(char):
    assert refused_character(f"Kim{char}", name=True) == char


def test_names_in_any_script_pass():
    for name in ["김시민", "Ana María", "محمد", "שלום", "Zoë 👍"]:
        assert refused_character(name, name=True) is None


def test_without_refused_characters():
    assert without_refused_characters("a\r\nb\x00c\u202ed", name=True) == "abcd"
    assert without_refused_characters("a\r\nb\x00c") == "a\r\nbc"
