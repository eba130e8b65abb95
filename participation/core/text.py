"""Turning user text into safe HTML: Markdown documents with paragraph anchors, and plain text.

Every path ends in bleach with an allow-list, so nothing a user writes is ever interpreted as markup
beyond what the list permits.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import partial

import bleach
from bleach.linkifier import DEFAULT_CALLBACKS, LinkifyFilter
from flask_babel import lazy_gettext as _l
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


# --- characters a user's text may hold -----------------------------------------------------------------

# Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the two marks: in a
# name they can reverse the text around it ("Trojan Source" spoofing), so a name refuses them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
TEXT_LINE_BREAKS = frozenset("\t\n\r")


def refused_character(text: str, *, name: bool = False) -> str | None:
    """The first character `text` may not hold, or None. One rule for every text a user writes.

    Refused everywhere: control characters (C0 and C1, NUL among them) other than tab and line breaks, and
    lone surrogates (`"\\ud800"` arrives through JSON; no database encoding can store it). A `name` (a
    display name, a guest nickname) also refuses tab and line breaks, line and paragraph separators and
    the bidirectional controls, which would let it reverse the text shown around it.
    """
    for char in text:
        category = unicodedata.category(char)
        if category == "Cs" or (category == "Cc" and (name or char not in TEXT_LINE_BREAKS)):
            return char
        if name and (category in ("Zl", "Zp") or char in BIDI_CONTROLS):
            return char
    return None


def without_refused_characters(text: str, *, name: bool = False) -> str:
    """`text` with every character `refused_character` would refuse removed (for names taken from
    elsewhere, such as an upload's file name, where refusing would help nobody)."""
    return "".join(char for char in text if refused_character(char, name=name) is None)


def refused_character_message(char: str, *, name: bool = False):
    """The translated message for a refused `char`, naming its code point (U+0000) so the writer can find it."""
    code = f"U+{ord(char):04X}"
    if name:
        return _l("The name contains a character that cannot be used in a name (%(code)s): a control or "
                  "text-direction character. Remove it and try again.", code=code)
    return _l("The text contains a character that cannot be stored (%(code)s): a control or invalid "
              "character. Remove it and try again.", code=code)
