"""Themes of comments (participation/feedback/themes.py): words, and groups of comments by their words.

On three clearly different subjects, Korean or English or both, the subjects come out as three themes
with the expected key nouns; too few comments, or comments of random words, give no themes at all.
"""
from __future__ import annotations

import random

from participation.feedback import themes
from participation.feedback.themes import compute_themes, english_tokens, singular, tokens
from tests.feedback.theme_texts import ELDERLY, ENGLISH, KOREAN, PARKS, SUBWAY, numbered, subject_of


def _one_theme_per_subject(subjects: dict[str, list[str]]) -> list[themes.ThemeResult]:
    """The themes of the subjects' comments, checked to be one per subject: its key noun among the
    theme's terms, its representative comments all about it, most of its comments in it."""
    found = compute_themes(numbered(subjects))
    assert len(found) == len(subjects), found
    about = subject_of(subjects)
    for noun in subjects:
        [theme] = [theme for theme in found if noun in theme.terms]
        assert {about[comment_id] for comment_id in theme.representative_ids} == {noun}
        assert len(theme.representative_ids) == themes.REPRESENTATIVES
        assert len(theme.terms) == themes.TERMS
        assert len(subjects[noun]) - 2 <= theme.size <= len(subjects[noun]) + 2
    assert sum(theme.size for theme in found) == sum(map(len, subjects.values()))
    return found


def test_three_korean_subjects_are_three_themes_with_their_nouns():
    found = _one_theme_per_subject(KOREAN)
    terms = {term for theme in found for term in theme.terms}
    assert {"지하철", "열차", "전광판", "어르신", "알림", "개인정보", "교육"} <= terms
    assert not terms & themes.KOREAN_STOP_WORDS


def test_three_english_subjects_are_three_themes_with_their_nouns():
    found = _one_theme_per_subject(ENGLISH)
    terms = {term for theme in found for term in theme.terms}
    assert {"bus", "arrival", "park", "tree", "recycling", "waste"} <= terms
    assert not terms & themes.ENGLISH_STOP


def test_korean_and_english_subjects_of_one_item_mix():
    _one_theme_per_subject({"지하철": SUBWAY, "어르신": ELDERLY, "park": PARKS})


def test_the_largest_theme_comes_first():
    subjects = {"지하철": SUBWAY, "어르신": ELDERLY[:5], "park": PARKS}
    found = compute_themes(numbered(subjects))
    assert [theme.size for theme in found] == sorted((theme.size for theme in found), reverse=True)


def test_two_comments_give_no_themes():
    assert compute_themes([(1, SUBWAY[0]), (2, ELDERLY[0])]) == []


def test_too_few_comments_with_words_give_no_themes():
    few = numbered({"a": SUBWAY[:3], "b": ELDERLY[:2]}) + [(100, "!!!"), (101, "좋아요"), (102, "ㅎㅎ"), (103, "")]
    assert compute_themes(few) == []


def test_comments_of_random_words_give_no_themes():
    vocabulary = sorted({word for group in ENGLISH.values() for text in group for word in english_tokens(text)})
    for seed in range(3):
        rng = random.Random(seed)
        noise = [(n, " ".join(rng.sample(vocabulary, 5))) for n in range(1, 25)]
        assert compute_themes(noise) == [], seed


def test_comments_on_one_subject_are_not_split_into_fake_themes():
    assert compute_themes(numbered({"지하철": SUBWAY})) == []


def test_the_same_comments_give_the_same_themes_in_any_order():
    comments = numbered(KOREAN)
    first = compute_themes(comments)
    shuffled = comments[:]
    random.Random(7).shuffle(shuffled)
    assert compute_themes(shuffled) == first == compute_themes(comments)


def test_korean_words_are_nouns_and_the_compounds_written_as_one_word():
    words = tokens("시민 의견입니다. 개인정보 보호 교육을 지하철역에서 해 주세요!")
    assert {"개인", "개인정보", "보호", "교육", "지하철", "지하철역"} <= set(words)
    assert not {"시민", "의견", "정보", "주세요", "해"} & set(words)  # stop words, verbs, one syllable


def test_latin_words_inside_korean_count_too():
    assert {"cctv", "wifi"} <= set(tokens("공원에 CCTV와 WiFi를 설치해 주세요"))


def test_masked_personal_data_gives_no_words():
    assert tokens("연락처 ●●●-●●●●-●●●● 로 주세요") == ["연락처"]


def test_english_words_are_lowercase_singular_and_not_stop_words():
    assert english_tokens("I think the City's buses and Alerts for cities' citizens are great") == [
        "bus", "alert", "great"]
    assert [singular(word) for word in ("stations", "cities", "buses", "boxes", "bus", "status", "analysis",
                                        "glass", "data")] == [
        "station", "city", "bus", "box", "bus", "status", "analysis", "glass", "data"]
