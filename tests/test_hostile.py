"""The hostile-input sets the XSS tests use: the generated set is never empty, and on CI the public corpus
must be present (its absence fails the run instead of silently shrinking the XSS tests)."""
from __future__ import annotations

import pytest

from tests import hostile


def test_generated_payloads_stand_on_their_own():
    payloads = hostile.generated()
    assert len(payloads) >= 200
    assert all(payload.strip() for payload in payloads)
    assert any("<script>" in p for p in payloads) and any("onerror=" in p for p in payloads)


def test_the_corpus_is_there_on_ci():
    """Locally without ../shared this is an empty list (the generated set still runs); on CI it fails
    inside corpus() when the file is absent or truncated."""
    payloads = hostile.corpus()
    if hostile.on_ci() or hostile.CORPUS.exists():
        assert len(payloads) >= hostile.CORPUS_MIN
    else:
        assert payloads == []


def test_a_missing_corpus_fails_on_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(hostile, "CORPUS", tmp_path / "absent.txt")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="XSS corpus"):
        hostile.corpus()


def test_a_truncated_corpus_fails_on_ci(monkeypatch, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text("<script>alert(1)</script>\n", encoding="utf-8")
    monkeypatch.setattr(hostile, "CORPUS", short)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="fewer than"):
        hostile.corpus()


def test_a_missing_corpus_is_empty_off_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(hostile, "CORPUS", tmp_path / "absent.txt")
    monkeypatch.delenv("CI", raising=False)
    assert hostile.corpus() == []
    assert len(hostile.generated()) >= 200
