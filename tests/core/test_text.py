"""User text to safe HTML: Markdown documents with anchors, and plain text."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from participation.core.text import ALLOWED_TAGS, plain_text_to_html, render_markdown

XSS_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "xss" / "payloadbox-xss-payload-list.txt"


class _Elements(HTMLParser):
    """Every start tag of a fragment with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_harmless(html: str, allowed_tags=ALLOWED_TAGS) -> None:
    for tag, attrs in _Elements(html).elements:
        assert tag in allowed_tags, (tag, html)
        for name, value in attrs.items():
            assert name in {"href", "title", "rel", "id"}, (name, html)
            if name == "href":
                scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.\-]*):", value or "")
                assert scheme is None or scheme.group(1).lower() in {"http", "https", "mailto"}, (value, html)
            if name == "id":
                assert re.fullmatch(r"p-[0-9a-f]{8}(-\d+)?", value or ""), (value, html)


def links(html: str) -> list[dict]:
    return [attrs for tag, attrs in _Elements(html).elements if tag == "a"]


# --- Markdown ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://evil.example></iframe>",
    '<p onclick="alert(1)" id="p-12345678">x</p>',
    "<svg/onload=alert(1)>",
])
def test_markdown_never_yields_active_content(source):
    html = render_markdown(source).html
    assert_harmless(html)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert not any("javascript" in (a.get("href") or "").lower() for a in links(html))


def test_markdown_escapes_raw_html_as_text():
    html = render_markdown("<script>alert(1)</script>").html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_keeps_https_links_with_rel():
    html = render_markdown("[the plan](https://news.seoul.go.kr/plan) and https://data.seoul.go.kr").html
    assert links(html) == [
        {"href": "https://news.seoul.go.kr/plan", "rel": "nofollow noopener"},
        {"href": "https://data.seoul.go.kr", "rel": "nofollow noopener"},
    ]


def test_markdown_code_is_shown_once_escaped_and_not_linked():
    html = render_markdown("```\nif a < b && c: https://x.example\n```\n\nInline `x<y`").html
    assert "if a &lt; b &amp;&amp; c: https://x.example" in html
    assert "<code>x&lt;y</code>" in html
    assert links(html) == []


def test_markdown_keeps_structure():
    html = render_markdown("# Title\n\n**bold** *em* ~~gone~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n> quote").html
    for tag in ("<h1", "<strong>", "<em>", "<s>", "<table", "<td>", "<blockquote"):
        assert tag in html


def test_every_top_level_block_gets_an_anchor():
    doc = render_markdown("# Title\n\nParagraph one.\n\n- a\n- b\n\n> quote\n\n```\ncode\n```")
    ids = re.findall(r'id="(p-[0-9a-f]{8})"', doc.html)
    assert len(ids) == 5 == len(doc.anchors)
    assert [a.id for a in doc.anchors] == ids
    assert doc.anchors[1].excerpt == "Paragraph one."


def test_anchor_depends_only_on_the_block_text():
    one = render_markdown("Kept paragraph.").anchors[0].id
    two = render_markdown("Something new first.\n\nKept paragraph.").anchors[1].id
    edited = render_markdown("Kept paragraph, edited.").anchors[0].id
    assert one == two != edited


@pytest.mark.skipif(not XSS_CORPUS.exists(), reason="the shared XSS corpus is not beside the project")
def test_xss_corpus_renders_harmless():
    payloads = [line for line in XSS_CORPUS.read_text(encoding="utf-8", errors="replace").splitlines() if line]
    assert len(payloads) > 1000
    for start in range(0, len(payloads), 50):  # fifty payloads a document, one a paragraph or line
        chunk = payloads[start:start + 50]
        assert_harmless(render_markdown("\n\n".join(chunk)).html)
        assert_harmless(str(plain_text_to_html("\n".join(chunk))), allowed_tags={"a", "br"})


# --- plain text --------------------------------------------------------------------------------------


def test_plain_text_is_escaped():
    html = str(plain_text_to_html('<script>alert("x")</script> <b onmouseover=x>'))
    assert "<script" not in html and "<b" not in html
    assert "&lt;script&gt;" in html


def test_plain_text_keeps_line_breaks_and_links_urls():
    html = str(plain_text_to_html("첫 줄\n자료: https://data.seoul.go.kr/x?a=1&b=2"))
    assert html.startswith("첫 줄<br>")
    assert links(html) == [{"href": "https://data.seoul.go.kr/x?a=1&b=2", "rel": "nofollow noopener"}]


def test_plain_text_does_not_link_javascript():
    html = str(plain_text_to_html("javascript:alert(1)"))
    assert links(html) == []
