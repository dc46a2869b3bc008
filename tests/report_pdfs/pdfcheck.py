"""Helpers for report tests: PDF text via pdftotext, font checks via pdffonts, first page as PNG for a person."""
from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader

from reports import fonts

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


def _run(args: list[str], pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        return subprocess.run([*args, handle.name, *(["-"] if args[0] == "pdftotext" else [])],
                              check=True, capture_output=True, text=True).stdout


def text(pdf: bytes, layout: bool = False) -> str:
    return _run(["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else [])], pdf)


def page_count(pdf: bytes) -> int:
    for line in _run(["pdfinfo"], pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def assert_fonts_ok(pdf: bytes) -> None:
    """Every font is our embedded Vietnamese face (no built-in Helvetica/Times that would drop diacritics),
    and every character of the text has a glyph (no missing-glyph boxes)."""
    used = fonts_used(pdf)
    assert used, "no text drawn"
    for name in used:
        assert "Liberation" in name or "DejaVu" in name, f"text set in {name}, which has no Vietnamese glyphs"
    embedded = {line.split()[0].split("+")[-1] for line in _run(["pdffonts"], pdf).splitlines()[2:]
                if " yes " in line}
    assert {n.split("+")[-1] for n in used} <= embedded
    missing = fonts.covers(text(pdf))
    assert not missing, f"characters without a glyph: {sorted(missing)}"


TF = re.compile(r"(/F[\w+]+)\s+[\d.]+\s+Tf")


def fonts_used(pdf: bytes) -> set[str]:
    """Base fonts of every Tf operator in the page streams (ReportLab lists an unused Helvetica
    in every document, so pdffonts alone would not tell what the text is actually set in)."""
    reader = PdfReader(io.BytesIO(pdf))
    used: set[str] = set()
    for page in reader.pages:
        names = {str(k): str(v.get_object()["/BaseFont"]) for k, v in page["/Resources"]["/Font"].items()}
        data = page.get_contents().get_data().decode("latin-1")
        used |= {names[m] for m in TF.findall(data)}
        for xobj in (page["/Resources"].get("/XObject") or {}).values():
            stream = xobj.get_object()
            fonts_x = (stream.get("/Resources") or {}).get("/Font") or {}
            names_x = {str(k): str(v.get_object()["/BaseFont"]) for k, v in fonts_x.items()}
            used |= {names_x.get(m, m) for m in TF.findall(stream.get_data().decode("latin-1"))}
    return used


def save_first_page(pdf: bytes, name: str) -> Path:
    """Render page 1 to test-artifacts/reports/<name>-1.png so a person can look at it."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)], check=True)
    return ARTIFACTS / f"{name}.png"
