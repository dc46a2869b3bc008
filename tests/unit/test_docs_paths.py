"""docs/ARCHITECTURE.md names the code's files; a file moved or renamed without the page would send a reader to
nothing. Every path of ours it names (a `.py` or `.js` file with its folder) must exist."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The page names a file from the top of the tree, or within app/ or app/services/ (`reporting/rows.py`).
BASES = ("", "app/", "app/services/", "static/js/")
PATH = re.compile(r"(?<![\w./-])((?:[\w-]+/)+[\w.-]+\.(?:py|js))\b")


def test_every_file_architecture_names_exists():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = sorted(set(PATH.findall(text)))
    assert len(named) > 30  # the pattern still finds the page's paths
    missing = [path for path in named if not any((ROOT / base / path).exists() for base in BASES)]
    assert missing == []
