"""The themes of a set of comments: groups of comments that share their words, each with its key terms
and its most representative comments. Pure computation, no database: the worker (worker.py) feeds it
the approved comments of one agenda item and stores what it returns.

Words: Korean through Kiwi, a morphological analyser whose model ships as a package: its nouns (NNG,
NNP) of two syllables or more, and every two nouns written together as one word (`개인정보`,
`지하철역`, `안전문자`: the compounds people actually write); Latin-script words (English, or `CCTV`
inside a Korean comment) through a regular expression, lowercased and lightly singularized. Stop
words: the generic words of civic comments (below), which every theme would share.

Themes: TF-IDF on those words, k-means for 2 to 8 themes, the number chosen by the silhouette
(cosine); beyond SAMPLE comments, on their LSA projection, with the number chosen on a sample. A
theme's key terms are the heaviest words of its centre, its representative comments the closest to
it. Everything is seeded, so the same comments give the same themes.

No themes at all (an empty list) when there is too little to group or the grouping means nothing:
fewer than MIN_COMMENTS comments with usable words; no grouping whose every theme holds at least
MIN_THEME_SIZE comments (and MIN_THEME_SHARE of them); a silhouette below MIN_SILHOUETTE, or not
clearly above the silhouette of the same words shuffled across the comments (a null model: word
frequencies kept, any link between words and comments broken), since k-means always returns groups,
even of noise.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

MIN_COMMENTS = 6  # fewer comments with usable words than this: no themes
MIN_THEMES, MAX_THEMES = 2, 8
MIN_THEME_SIZE = 3  # a theme groups at least this many comments...
MIN_THEME_SHARE = 0.02  # ...and at least this share of them
MIN_SILHOUETTE = 0.06
# The best silhouette must exceed the null model's, for as many themes, by this factor. Measured on
# the fixtures of tests/feedback/test_themes.py and their like: comments on two or three real subjects
# give 1.5 to 3.8 times the null's silhouette; comments of words drawn at random 0.8 to 1.3 times.
NULL_FACTOR = 1.5
SAMPLE = 2000  # comments the silhouette and the null model look at, at most
DENSE_CELLS = 4_000_000  # comments × words up to which k-means runs on the TF-IDF rows themselves
LSA_DIMENSIONS = 100  # beyond, on their projection to this many dimensions
NULL_DRAWS = 5
NUMERIC_THREADS = 1  # see compute_themes
TERMS = 5
REPRESENTATIVES = 3
SEED = 0

# Korean: words of a civic comment that say nothing of its subject. Each was checked for not being a
# subject itself: left out on purpose are 안전, 교육, 안내, 서비스, 시간, 지원, 교통, 환경, subjects of
# their own. Stop words are left out as single words only: compounds written with them are kept
# (서울시립, 시민참여, 개인정보), and so is every two-noun compound.
KOREAN_STOP_WORDS = frozenset({
    # who speaks and how: every comment is a citizen's opinion, proposal or request
    "시민", "주민", "의견", "생각", "제안", "건의", "요청", "부탁", "감사", "말씀", "질문", "답변",
    # the frame: the city, the committee and its agenda are the same for every comment of an item
    "서울", "서울시", "시청", "위원회", "위원", "회의", "안건", "논의", "정책", "사업", "계획",
    # generic nouns: "~하는 부분", "이런 경우", "어느 정도", "~가 문제입니다", "~때문에", "~관련해서"
    "부분", "경우", "정도", "문제", "때문", "관련", "이번", "내용", "사항", "측면", "방안", "방법", "자체",
    "사람", "우리", "정말", "진짜", "모두", "하나", "이상", "이하", "대부분", "전체", "다음", "항상",
    # the verbs of a request, as nouns: "개선이 필요합니다", "검토해 주세요", "확대해 주세요"
    "필요", "개선", "검토", "노력", "가능", "확대", "강화", "마련", "추진", "진행", "도입", "활용", "요구",
    # 정보 alone is vague ("정보를 알려 주세요") and would tie 개인정보 to 도착정보: its compounds speak
    "정보",
})

# English: scikit-learn's list, and the same civic words as above.
_CIVIC_ENGLISH = frozenset({
    "city", "citizen", "resident", "people", "person", "public", "think", "thought", "believe", "feel",
    "opinion", "comment", "suggestion", "proposal", "idea", "question", "request", "please", "thank",
    "thanks", "seoul", "government", "committee", "meeting", "agenda", "item", "policy", "plan",
    "issue", "problem", "thing", "way", "lot", "really", "just", "need", "want", "like", "make",
    "good", "better", "improve", "improvement", "important", "also", "maybe", "actually",
})
_IRREGULAR_PLURALS = {"buses": "bus", "children": "child", "women": "woman", "men": "man", "feet": "foot",
                      "teeth": "tooth", "mice": "mouse", "data": "data", "media": "media"}
_NOUN_TAGS = frozenset({"NNG", "NNP"})
ENGLISH_STOP = frozenset(ENGLISH_STOP_WORDS) | _CIVIC_ENGLISH
SEEN_LIMIT = 50_000  # texts whose Korean nouns are kept for the next computation
_nouns_seen: dict[str, list[str]] = {}
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


@dataclass(frozen=True)
class ThemeResult:
    """One theme: its key terms (the weightiest first), how many comments it groups, and the ids of
    its most representative comments (the closest to its centre first)."""

    terms: list[str]
    size: int
    representative_ids: list[int]


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()


def singular(word: str) -> str:
    """A light singular of a lowercase English word: `alerts` → `alert`, `cities` → `city`,
    `buses` → `bus`; words that only look plural (`bus`, `status`, `analysis`) stay."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def english_tokens(text: str) -> list[str]:
    """The Latin-script words of `text`, lowercased and singular, stop words and `'s` left out."""
    words = []
    for word in _LATIN_WORD.findall(text.lower()):
        word = word.removesuffix("'s")
        if word in ENGLISH_STOP:
            continue
        word = singular(word)
        if len(word) >= 2 and word not in ENGLISH_STOP:
            words.append(word)
    return words


def _korean_from(analysed) -> list[str]:
    """Nouns and two-noun compounds out of Kiwi's tokens of one text."""
    words: list[str] = []
    run: list = []  # nouns written together, without a space or anything else between them

    def flush() -> None:
        forms = [token.form for token in run]
        words.extend(form for form in forms if len(form) >= 2 and form not in KOREAN_STOP_WORDS)
        words.extend(first + second for first, second in zip(forms, forms[1:]))
        run.clear()

    for token in analysed:
        if token.tag not in _NOUN_TAGS:
            flush()
            continue
        if run and run[-1].start + run[-1].len != token.start:
            flush()
        run.append(token)
    flush()
    return words


def korean_tokens(text: str) -> list[str]:
    """The Korean nouns and noun compounds of `text` (nothing when it has no Hangul)."""
    return _korean_from(_kiwi().tokenize(text)) if _HANGUL.search(text) else []


def tokens(text: str) -> list[str]:
    """Every usable word of `text`: Korean nouns and compounds, then Latin-script words."""
    return korean_tokens(text) + english_tokens(text)


def tokenize_all(texts: Sequence[str]) -> list[list[str]]:
    """`tokens` of many texts. Kiwi analyses the Korean ones it has not seen yet on all its threads at
    once: a worker recomputes an item's themes after each approval, and only new comments cost."""
    _analyse([text for text in dict.fromkeys(texts) if text not in _nouns_seen and _HANGUL.search(text)])
    return [_nouns_seen.get(text, []) + english_tokens(text) for text in texts]


def _analyse(texts: list[str]) -> None:
    if len(_nouns_seen) + len(texts) > SEEN_LIMIT:
        _nouns_seen.clear()
    _nouns_seen.update(zip(texts, map(_korean_from, _kiwi().tokenize(texts))))


def _identity(words: list[str]) -> list[str]:
    return words


def _min_size(count: int) -> int:
    return max(MIN_THEME_SIZE, math.ceil(MIN_THEME_SHARE * count))


def _space(matrix, lsa: bool):
    """The vectors k-means groups: the TF-IDF rows themselves (dense, fastest for small inputs) or, for
    large inputs, their latent semantic projection (truncated SVD, normalized), where k-means runs in
    a fraction of the time and words used alike count alike."""
    if not lsa:
        return matrix.toarray()
    dimensions = min(LSA_DIMENSIONS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    return normalize(TruncatedSVD(n_components=dimensions, random_state=SEED).fit_transform(matrix))


def _inits(count: int) -> int:
    return 10 if count <= 500 else 4


def _best_grouping(vectors, min_size: int):
    """(silhouette, fitted k-means) of the best number of themes whose every theme has `min_size`
    comments or more; None when no number of themes has."""
    best, count = None, vectors.shape[0]
    for k in range(MIN_THEMES, min(MAX_THEMES, count // min_size) + 1):
        model = KMeans(n_clusters=k, n_init=_inits(count), random_state=SEED).fit(vectors)
        if np.bincount(model.labels_, minlength=k).min() < min_size:
            continue
        score = float(silhouette_score(vectors, model.labels_, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, model)
    return best


def _sample(matrix, rng):
    """At most SAMPLE rows of `matrix`, drawn at random (all of them, in order, when fewer)."""
    if matrix.shape[0] <= SAMPLE:
        return matrix
    return matrix[np.sort(rng.choice(matrix.shape[0], SAMPLE, replace=False))]


def _null_silhouette(matrix, lsa: bool, k: int) -> float:
    """The silhouette of `k` themes under the null model, the mean of NULL_DRAWS draws: (a sample of)
    the comments with every word's weights moved to comments drawn at random, so that word
    frequencies stay and any link between words and comments goes."""
    rng, scores = np.random.default_rng(SEED), []
    for _ in range(NULL_DRAWS):
        entries = _sample(matrix, rng).tocoo()
        rows = rng.integers(0, entries.shape[0], size=entries.nnz)
        shuffled = sp.csr_matrix((entries.data, (rows, entries.col)), shape=entries.shape)
        vectors = _space(normalize(shuffled[np.flatnonzero(shuffled.getnnz(axis=1))]), lsa)
        labels = KMeans(n_clusters=k, n_init=_inits(vectors.shape[0]), random_state=SEED).fit_predict(vectors)
        scores.append(float(silhouette_score(vectors, labels, metric="cosine")) if len(set(labels)) > 1 else 0.0)
    return max(float(np.mean(scores)), 0.0)


def _key_terms(weights, vocabulary) -> list[str]:
    """The TERMS weightiest words of a theme's centre; a Korean noun already inside a chosen compound
    is left out, and a compound takes the place of its chosen parts (`개인정보`, not `개인`, `정보`)."""
    chosen: list[str] = []
    for index in np.argsort(-weights, kind="stable"):
        if weights[index] <= 0 or len(chosen) == TERMS:
            break
        term = str(vocabulary[index])
        korean = bool(_HANGUL.search(term))
        if korean and any(term in other for other in chosen if _HANGUL.search(other)):
            continue
        parts = [other for other in chosen if korean and _HANGUL.search(other) and other in term]
        if parts:
            chosen[chosen.index(parts[0])] = term
            chosen = [other for other in chosen if other not in parts[1:]]
        else:
            chosen.append(term)
    return chosen


def _grouping(matrix):
    """The fitted k-means of the comments' themes, or None when grouping them means nothing. On large
    inputs the number of themes is chosen on a sample, then all comments are grouped."""
    lsa = matrix.shape[0] > SAMPLE or matrix.shape[0] * matrix.shape[1] > DENSE_CELLS
    vectors = _space(matrix, lsa)
    sample = _sample(vectors, np.random.default_rng(SEED))
    best = _best_grouping(sample, _min_size(sample.shape[0]))
    if best is None or best[0] < MIN_SILHOUETTE:
        return None
    if best[0] < NULL_FACTOR * _null_silhouette(matrix, lsa, best[1].n_clusters):
        return None
    if sample.shape[0] == vectors.shape[0]:
        return best[1]
    return KMeans(n_clusters=best[1].n_clusters, init=best[1].cluster_centers_, n_init=1).fit(vectors)


def _described(model, matrix, ids, vocabulary) -> list[ThemeResult]:
    themes = []
    for label in range(model.n_clusters):
        members = np.flatnonzero(model.labels_ == label)
        centre = np.asarray(matrix[members].mean(axis=0)).ravel()
        closeness = matrix[members] @ centre
        order = sorted(range(len(members)), key=lambda i: (-closeness[i], ids[members[i]]))
        themes.append(ThemeResult(_key_terms(centre, vocabulary), len(members),
                                  [int(ids[members[i]]) for i in order[:REPRESENTATIVES]]))
    return sorted(themes, key=lambda theme: (-theme.size, theme.terms))


def compute_themes(comments: Iterable[tuple[int, str]]) -> list[ThemeResult]:
    """The themes of `comments` ((id, text) pairs), the largest first; [] when there is nothing
    meaningful to group (see the module's docstring)."""
    pairs = sorted(comments)  # the same comments in any order give the same themes
    words = tokenize_all([text for _, text in pairs])
    usable = [index for index, found in enumerate(words) if found]
    if len(usable) < MIN_COMMENTS:
        return []
    # One thread for the numeric libraries: the worker shares the machine with the web server, and
    # OpenMP threads waiting for a busy core are many times slower than a single thread.
    with threadpool_limits(limits=NUMERIC_THREADS):
        # A word of one comment links it to no other; it stays for small inputs, where it is most words.
        vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=np.float32,
                                     min_df=2 if len(usable) >= 200 else 1)
        matrix = vectorizer.fit_transform([words[index] for index in usable])
        kept = np.flatnonzero(matrix.getnnz(axis=1))
        matrix, ids = matrix[kept], np.array([pairs[usable[index]][0] for index in kept])
        model = _grouping(matrix) if matrix.shape[0] >= MIN_COMMENTS else None
        return _described(model, matrix, ids, vectorizer.get_feature_names_out()) if model is not None else []
