"""The English catalog: every message translated, placeholders kept, and the committed .mo matches the .po."""
from __future__ import annotations

import re
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[2] / "app" / "translations" / "en" / "LC_MESSAGES"


def test_every_message_is_translated_with_its_placeholders():
    with open(CATALOG / "messages.po", "rb") as f:
        po = read_po(f)
    for message in po:
        if not message.id:
            continue
        assert message.string, message.id
        placeholders = sorted(re.findall(r"%\(\w+\)\w", message.id))
        assert sorted(re.findall(r"%\(\w+\)\w", message.string)) == placeholders, message.id


def test_compiled_catalog_is_up_to_date():
    with open(CATALOG / "messages.po", "rb") as f:
        po = {m.id: m.string for m in read_po(f) if m.id}
    with open(CATALOG / "messages.mo", "rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    assert po == mo, "run `make translations-compile` and commit messages.mo"
