"""The record as PDF: the record's own HTML page (the same template, the same document) typeset by WeasyPrint
with the print styles, plus `static/css/record-pdf.css` for the page boxes: the title on top, the page
number and the SHA-256 of the version at the foot of every page.

The PDF is tagged (PDF/UA-1: a structure tree, the document's language and title) so that screen readers
follow it. Korean is set in Noto Sans CJK KR (Debian's fonts-noto-cjk, installed by `make typesetting`).
WeasyPrint reads nothing from the network: the page's stylesheets come from the static folder, any other
URL is refused. A version never changes, so its PDF is kept (a few, per language and host) once made.
"""
from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

PDF_STYLESHEET = "css/record-pdf.css"
CACHE_SIZE = 16
_cache: OrderedDict[tuple, bytes] = OrderedDict()


class StaticFilesOnly(URLFetcher):
    """Serves `<base>static/...` stylesheets from the static folder; refuses every other URL."""

    def __init__(self, base_url: str, static_folder: str, **kwargs):
        super().__init__(**kwargs)
        self._prefix = urlsplit(base_url)._replace(path="/static/", query="", fragment="").geturl()
        self._root = Path(static_folder).resolve()

    def fetch(self, url, headers=None):
        if not url.startswith(self._prefix):
            raise ValueError(f"not fetched while typesetting a record: {url}")
        path = (self._root / unquote(urlsplit(url).path.removeprefix("/static/"))).resolve()
        if self._root not in path.parents or path.suffix != ".css" or not path.is_file():
            raise ValueError(f"not a stylesheet of the static folder: {url}")
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": "text/css; charset=utf-8"})


def typeset(html: str, *, base_url: str, static_folder: str) -> bytes:
    """The HTML page as a tagged PDF (a few seconds for a long record: under gevent, in its thread pool,
    so that the live sessions served by the same process keep moving meanwhile)."""
    return _off_the_event_loop(_typeset, html, base_url, static_folder)


def _off_the_event_loop(function, *args):
    try:
        from gevent import get_hub, monkey
    except ImportError:  # pragma: no cover - gevent is a runtime dependency
        return function(*args)
    if monkey.is_module_patched("socket"):
        return get_hub().threadpool.apply(function, args)
    return function(*args)


def _typeset(html: str, base_url: str, static_folder: str) -> bytes:
    fetcher = StaticFilesOnly(base_url, static_folder)
    extra = weasyprint.CSS(string=(Path(static_folder) / PDF_STYLESHEET).read_text(encoding="utf-8"),
                           base_url=base_url, url_fetcher=fetcher)
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher, media_type="print")
    return document.write_pdf(stylesheets=[extra], pdf_variant="pdf/ua-1")


def cached(key: tuple | None, make) -> bytes:
    """`make()`, kept under `key` (None: a draft, never kept)."""
    if key is None:
        return make()
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    pdf = _cache[key] = make()
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return pdf
