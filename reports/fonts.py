"""The TrueType faces that cover Vietnamese, kept in the repository (reports/ttf, SIL OFL) and registered with
ReportLab once: a fresh machine renders the reports without any font package."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Liberation Serif: metric-compatible with Times New Roman, the face of official documents (Decree 30/2020).
TTF_DIR = Path(__file__).resolve().parent / "ttf"
FAMILY = "KNSerif"


@dataclass(frozen=True)
class FontSet:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


LIBERATION_SERIF = FontSet("Liberation Serif", TTF_DIR / "LiberationSerif-Regular.ttf",
                           TTF_DIR / "LiberationSerif-Bold.ttf", TTF_DIR / "LiberationSerif-Italic.ttf",
                           TTF_DIR / "LiberationSerif-BoldItalic.ttf")


_lock = threading.Lock()
_registered: FontSet | None = None


def register() -> FontSet:
    """Register the family (regular, bold, italic) under FAMILY; safe to call from many threads."""
    global _registered
    with _lock:
        if _registered is None:
            font_set = LIBERATION_SERIF
            for suffix, path in (("", font_set.regular), ("-Bold", font_set.bold),
                                 ("-Italic", font_set.italic), ("-BoldItalic", font_set.bold_italic)):
                pdfmetrics.registerFont(TTFont(FAMILY + suffix, str(path)))
            # So <b> and <i> inside Paragraphs pick the right face instead of a built-in font.
            addMapping(FAMILY, 0, 0, FAMILY)
            addMapping(FAMILY, 1, 0, FAMILY + "-Bold")
            addMapping(FAMILY, 0, 1, FAMILY + "-Italic")
            addMapping(FAMILY, 1, 1, FAMILY + "-BoldItalic")
            _registered = font_set
        return _registered


def covers(text: str) -> set[str]:
    """The characters of `text` the regular face has no glyph for (would print as boxes)."""
    register()
    face = pdfmetrics.getFont(FAMILY).face
    return {ch for ch in text if not ch.isspace() and ord(ch) not in face.charToGlyph}
