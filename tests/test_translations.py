"""Every UI string has its Korean translation, with the same placeholders, and Korean is what a first
visitor without a language preference reads."""
from __future__ import annotations

import re
import subprocess
import sys

from babel.messages.pofile import read_po

from tests.server import PROJECT

PLACEHOLDER = re.compile(r"%\(\w+\)s")
CATALOG = PROJECT / "translations" / "ko" / "LC_MESSAGES" / "messages.po"


def test_every_string_in_the_code_is_translated_to_korean(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q", "extract",
                    "-F", "babel.cfg", "-k", "_l", "-o", str(template), "--no-location", "."],
                   cwd=PROJECT, check=True)
    wanted = {m.id for m in read_po(template.open("rb")) if m.id}
    korean = {m.id: m.string for m in read_po(CATALOG.open("rb")) if m.id}
    untranslated = sorted(i for i in wanted if not korean.get(i))
    assert untranslated == [], "run `make extract-messages` and translate these"


def test_translations_keep_the_placeholders():
    wrong = [m.id for m in read_po(CATALOG.open("rb"))
             if m.id and m.string and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert wrong == []


def test_a_first_visit_is_in_korean_and_english_on_request(client):
    korean = client.get("/").get_data(as_text=True)
    assert '<html lang="ko">' in korean and "로그인" in korean
    english = client.get("/?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Log in" in english
