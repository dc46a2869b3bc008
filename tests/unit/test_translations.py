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


def makefile_keywords(root: Path) -> list[str]:
    """The extra pybabel keywords the Makefile extracts with (one list for both)."""
    text = (root / "Makefile").read_text(encoding="utf-8")
    block = re.search(r"^BABEL_KEYWORDS :=(.*?)(?<!\\)\n", text, re.S | re.M).group(1)
    return re.findall(r"-k (\w+)", block)


def test_catalog_covers_every_string_in_the_source():
    """A string marked for translation but missing from messages.po shows in Vietnamese in English mode."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = CATALOG.parents[3]
    with open(root / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}
    keywords.update((k, None) for k in makefile_keywords(root))
    extracted = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(root), method_map, options_map, keywords=keywords
    ):
        extracted.add(message[0] if isinstance(message, tuple) else message)
    with open(CATALOG / "messages.po", "rb") as f:
        known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(f) if m.id}
    missing = sorted(extracted - known)
    assert extracted, "extraction found no messages: check babel.cfg"
    assert not missing, f"run `make translations-update` and translate: {missing[:10]}"
