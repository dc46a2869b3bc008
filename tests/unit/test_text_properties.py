"""Properties of the edge helpers, over generated text (hypothesis): whole numbers are read only from ASCII
digits and only within bounds; cleaned text keeps everything but control and direction-override characters;
a stored file name never exceeds its column and keeps a short extension."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.petitions.attachments import MAX_NAME, display_name
from app.services.text import MAX_INT, UNSAFE_CHARACTERS, ascii_id, ascii_int, clean, strip_unsafe

PROPERTY = settings(max_examples=300, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(st.text())
def test_ascii_int_reads_only_plain_digits_within_the_column(text):
    value = ascii_int(text)
    if value is not None:
        stripped = text.strip().lstrip("+-")
        assert stripped.isascii() and stripped.isdigit() and -MAX_INT <= value <= MAX_INT
        assert value == int(text.strip())


@PROPERTY
@given(st.integers())
def test_every_integer_in_range_is_read_back_and_none_outside(number):
    expected = number if -MAX_INT <= number <= MAX_INT else None
    assert ascii_int(str(number)) == expected
    assert ascii_id(str(number)) == (number if 1 <= number <= MAX_INT else None)


@PROPERTY
@given(st.text())
def test_cleaning_removes_exactly_the_unsafe_characters(text):
    cleaned = strip_unsafe(text)
    assert not UNSAFE_CHARACTERS.search(cleaned)
    assert cleaned == "".join(c for c in text if not UNSAFE_CHARACTERS.match(c))
    assert "\x00" not in clean(text) and "\u202e" not in clean(text)


@PROPERTY
@given(st.text(min_size=1, max_size=2000), st.sampled_from(["pdf", "docx", "xlsx", "jpg", "png"]))
def test_a_stored_file_name_fits_its_column_and_keeps_its_extension(stem, ext):
    name = display_name(stem.replace("/", "_").replace("\\", "_") + "." + ext)
    assert len(name) <= MAX_NAME and not UNSAFE_CHARACTERS.search(name)
    assert name.endswith("." + ext)
