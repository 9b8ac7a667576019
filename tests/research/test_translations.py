"""The research app's English catalogue is complete and compiled."""

import struct
from pathlib import Path

from tests.transitions.test_translations import entries

PO = (
    Path(__file__).resolve().parents[2] / "research" / "locale" / "en" / "LC_MESSAGES" / "django.po"
)


def test_every_research_string_has_an_english_translation():
    untranslated = [
        fields["msgid"]
        for fields, flags in entries(PO.read_text(encoding="utf-8"))
        if "fuzzy" in flags
        or any(value == "" for key, value in fields.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []


def test_the_research_catalogue_is_compiled_from_its_source():
    data = PO.with_suffix(".mo").read_bytes()
    byte_order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    compiled = struct.unpack(f"{byte_order}I", data[8:12])[0]
    assert compiled == sum(1 for _entry in entries(PO.read_text(encoding="utf-8"))) + 1
