"""Every page links an icon, and `/favicon.ico` (which browsers ask for on their own) answers it."""
from __future__ import annotations


def test_favicon_ico_is_served_with_a_long_cache(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert response.cache_control.max_age >= 7 * 24 * 3600


def test_pages_link_the_svg_icon(client):
    html = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.data.startswith(b"<svg")
