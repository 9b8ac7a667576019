"""The English catalogue is complete: no untranslated or fuzzy entry ships."""

from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries(text: str):
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#|")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[current] += line.strip('"')
                continue
            key, _, value = line.partition(" ")
            current = key
            fields[key] = value.strip('"')
        if fields.get("msgid"):
            yield fields, flags


def test_every_interface_string_has_an_english_translation():
    untranslated = [
        fields["msgid"]
        for fields, flags in entries(PO.read_text(encoding="utf-8"))
        if "fuzzy" in flags
        or any(value == "" for key, value in fields.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []


def test_the_compiled_catalogue_holds_every_entry_of_its_source():
    """The .mo is committed (fresh machines have no msgfmt): it must be rebuilt with the .po."""
    import struct

    data = PO.with_suffix(".mo").read_bytes()
    byte_order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    compiled = struct.unpack(f"{byte_order}I", data[8:12])[0]
    source = sum(1 for _entry in entries(PO.read_text(encoding="utf-8")))
    assert compiled == source + 1  # plus the header entry
