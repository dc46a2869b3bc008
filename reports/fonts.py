"""The TrueType faces that cover Vietnamese, found in installed packages and registered with ReportLab once."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Debian's fonts-liberation2 gives a Times New Roman-compatible serif (the official look, Decree 30/2020);
# matplotlib's bundled DejaVu Serif is the fallback so a machine without the package still renders Vietnamese.
LIBERATION_DIR = Path("/usr/share/fonts/truetype/liberation2")
FAMILY = "KNSerif"


@dataclass(frozen=True)
class FontSet:
    name: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path


def _matplotlib_dir() -> Path:
    import matplotlib

    return Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"


def candidates() -> list[FontSet]:
    lib, mpl = LIBERATION_DIR, _matplotlib_dir()
    return [
        FontSet("Liberation Serif", lib / "LiberationSerif-Regular.ttf", lib / "LiberationSerif-Bold.ttf",
                lib / "LiberationSerif-Italic.ttf", lib / "LiberationSerif-BoldItalic.ttf"),
        FontSet("DejaVu Serif", mpl / "DejaVuSerif.ttf", mpl / "DejaVuSerif-Bold.ttf",
                mpl / "DejaVuSerif-Italic.ttf", mpl / "DejaVuSerif-BoldItalic.ttf"),
    ]


def find_fonts() -> FontSet:
    for font_set in candidates():
        if all(p.is_file() for p in (font_set.regular, font_set.bold, font_set.italic, font_set.bold_italic)):
            return font_set
    raise RuntimeError("Không tìm thấy phông chữ hỗ trợ tiếng Việt (cài fonts-liberation2 hoặc matplotlib).")


_lock = threading.Lock()
_registered: FontSet | None = None


def register() -> FontSet:
    """Register the family (regular, bold, italic) under FAMILY; safe to call from many threads."""
    global _registered
    with _lock:
        if _registered is None:
            font_set = find_fonts()
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
