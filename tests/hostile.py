"""Hostile input for XSS tests: the public payload corpus when it is beside the project, and a set the
tests build themselves (tags x event handlers x URL schemes x encodings), so a machine without
`../shared` still runs the check. On CI (`CI=true`) the corpus must be there: its absence fails the run
instead of quietly shrinking the test to the generated set."""
from __future__ import annotations

import html
import os
import itertools
import urllib.parse
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "xss" / "payloadbox-xss-payload-list.txt"
MARKER = "OSXSS"

TAGS = ["img src=x", "svg", "body", "iframe src=about:blank", "details open", "video src=x", "audio src=x",
        "input autofocus", "marquee", "object data=x", "select autofocus", "textarea autofocus"]
HANDLERS = ["onerror", "onload", "onfocus", "onmouseover", "ontoggle", "onstart"]
SCHEMES = ["javascript:", "JaVaScRiPt:", "java\tscript:", "&#106;avascript:", "vbscript:",
           "data:text/html;base64,PHNjcmlwdD5hbGVydCgnT1NYU1MnKTwvc2NyaXB0Pg=="]
CALL = f"alert('{MARKER}');console.log('{MARKER}')"


def _encodings(payload: str) -> list[str]:
    return [
        payload,
        html.escape(payload),                                    # entity-encoded, decoded by a careless renderer
        urllib.parse.quote(payload),                             # URL-encoded
        "".join(f"\\u{ord(c):04x}" for c in payload[:60]),        # JS unicode escapes
    ]


def generated() -> list[str]:
    """At least 200 payloads built here, each calling the marker if it ever runs."""
    payloads = [f"<{tag} {handler}={CALL}>" for tag, handler in itertools.product(TAGS, HANDLERS)]
    payloads += [f'<a href="{scheme}{CALL}">{MARKER}</a>' for scheme in SCHEMES]
    payloads += [f"[{MARKER}]({scheme}{CALL})" for scheme in SCHEMES]        # Markdown links
    payloads += [f"<script>{CALL}</script>", f"</textarea><script>{CALL}</script>", f"'\"><svg onload={CALL}>",
                 f"{{{{7*7}}}}<img src=x onerror={CALL}>", f"<style>@import 'javascript:{CALL}';</style>",
                 f"<!--<img src=\"--><img src=x onerror={CALL}//\">", f"<math><mtext><script>{CALL}</script>"]
    out = []
    for payload in payloads:
        out.extend(_encodings(payload))
    return list(dict.fromkeys(out))


CORPUS_MIN = 6000  # the file holds 6,613 payloads; a truncated copy is as bad as none


def on_ci() -> bool:
    return os.environ.get("CI") == "true"


def corpus() -> list[str]:
    """The 6,613 payloads of ../shared/xss when present, else an empty list; on CI a missing or truncated
    corpus fails the test that asks for it."""
    if not CORPUS.exists():
        if on_ci():
            import pytest

            pytest.fail(f"the XSS corpus {CORPUS} is missing: on CI (CI=true) it must be beside the project")
        return []
    lines = CORPUS.read_text(encoding="utf-8", errors="replace").splitlines()
    payloads = [line for line in dict.fromkeys(lines) if line.strip()]
    if on_ci() and len(payloads) < CORPUS_MIN:
        import pytest

        pytest.fail(f"the XSS corpus {CORPUS} holds {len(payloads)} payloads, fewer than {CORPUS_MIN}")
    return payloads
