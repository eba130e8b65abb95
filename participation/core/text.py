"""Turning user text into safe HTML: Markdown documents with paragraph anchors, and plain text.

Every path ends in bleach with an allow-list, so nothing a user writes is ever interpreted as markup
beyond what the list permits.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import partial

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS, LinkifyFilter
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "em",
    "strong", "a", "hr", "br", "table", "thead", "tbody", "tr", "th", "td", "s",
})
ANCHOR_PATTERN = re.compile(r"p-[0-9a-f]{8}(?:-\d+)?")
ANCHORED_BLOCKS = (
    "paragraph_open", "heading_open", "blockquote_open", "table_open", "bullet_list_open",
    "ordered_list_open", "fence",
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name == "id":
        return ANCHOR_PATTERN.fullmatch(value) is not None
    if tag == "a":
        return name in {"href", "title", "rel"}
    return False


def _rel_nofollow_noopener(attrs: dict, new: bool = False) -> dict:
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = "nofollow noopener"
    return attrs


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").enable("strikethrough")


@dataclass(frozen=True)
class Anchor:
    """A paragraph anchor a comment can point at: its id and the start of its text."""

    id: str
    excerpt: str


@dataclass(frozen=True)
class RenderedDocument:
    html: str
    anchors: list[Anchor]


def _block_text(tokens, index: int) -> str:
    token = tokens[index]
    if token.type == "fence":
        return token.content
    # The inline token after an opening block tag holds its text; for containers, gather to the close.
    depth, parts = 0, []
    for tok in tokens[index:]:
        depth += tok.nesting
        if tok.type == "inline":
            parts.append(tok.content)
        if depth <= 0 and tok is not token:
            break
    return " ".join(parts)


def render_markdown(source: str) -> RenderedDocument:
    """Render Markdown to sanitized HTML, giving each top-level block a stable anchor id.

    The id comes from a hash of the block's own text, so it survives edits elsewhere in the
    document and new versions that keep the paragraph.
    """
    tokens = _markdown.parse(source)
    seen: dict[str, int] = {}
    anchors: list[Anchor] = []
    for index, token in enumerate(tokens):
        if token.level != 0 or token.type not in ANCHORED_BLOCKS:
            continue
        text = _block_text(tokens, index)
        base = "p-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
        seen[base] = seen.get(base, 0) + 1
        anchor_id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        token.attrSet("id", anchor_id)
        anchors.append(Anchor(anchor_id, " ".join(text.split())[:80]))
    html = _markdown.renderer.render(tokens, _markdown.options, {})
    return RenderedDocument(sanitize_html(html), anchors)


def sanitize_html(html: str) -> str:
    """Clean HTML against the allow-list, link bare URLs and mark every link nofollow noopener.

    Linking runs as a filter of the one cleaning pass: `bleach.linkify(..., skip_tags=...)` run afterwards
    escapes the text of skipped tags a second time (`<` in a code block would show as `&lt;`). A Cleaner
    keeps parser state, so each call builds its own.
    """
    linkify = partial(LinkifyFilter, callbacks=[*DEFAULT_CALLBACKS, _rel_nofollow_noopener],
                      skip_tags={"pre", "code"})
    cleaner = bleach.Cleaner(tags=ALLOWED_TAGS, attributes=_allowed_attribute, protocols=ALLOWED_PROTOCOLS,
                             strip=True, filters=[linkify])
    return cleaner.clean(html)


def plain_text_to_html(text: str) -> Markup:
    """Escape plain text, keep its line breaks, and turn URLs into nofollow links.

    Escaped with MarkupSafe rather than `bleach.clean`, which leaves character references alone: a
    comment that says `&#106;` must show `&#106;`, not `j`.
    """
    escaped = str(escape(text))
    linked = bleach.linkify(escaped, callbacks=[*DEFAULT_CALLBACKS, _rel_nofollow_noopener])
    return Markup(linked.replace("\n", "<br>\n"))
