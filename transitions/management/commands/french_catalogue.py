"""Writes the French catalogue (locale/fr/LC_MESSAGES/django.po and .mo).

Message ids are French, so French needs no translation, except:
- plurals: an id missing from every catalogue falls back to English's rule (singular for
  1 only), which writes "0 membres". French puts 0 and 1 in the singular ("0 membre",
  "1,5 point"). Each plural message of the code and templates gets a French entry that
  repeats its own two forms, under French's rule `plural=(n > 1)`;
- the few English ids of Django and allauth whose French translation drifts from our
  glossary (THIRD_PARTY: Django's auth says "Courriel" where we say "Adresse e-mail").

Run it after adding a plural (`manage.py french_catalogue`); `--check` fails when an
entry is missing (tests/transitions/test_french_plurals.py runs it). Pure Python: no
gettext tools are needed (fresh machines have no msgfmt).
"""

from __future__ import annotations

import array
import ast
import re
import struct
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation.template import templatize

APPS = ("transitions", "territories", "parcours", "diagnostics", "peergroups", "agora",
        "research", "audit")  # fmt: skip
PLURAL_CALLS = {"ngettext", "ngettext_lazy", "npgettext", "npgettext_lazy"}
SINGLE_CALLS = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}
# templatize writes each id as Python's repr: single quotes, or double when it holds one.
STRING = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
TEMPLATE_CALL = re.compile(rf"(n|np)gettext\(({STRING}), ({STRING})(?:, ({STRING}))?")
TEMPLATE_SINGLE = re.compile(rf"(?<![n\w])(p?)gettext\(({STRING})(?:, ({STRING}))?\)")
# English ids of Django and allauth, and the French our glossary uses for them.
THIRD_PARTY = {
    "Email": "Adresse e-mail",
    "Email address": "Adresse e-mail",
    "email address": "adresse e-mail",
}
HEADER = (
    "Content-Type: text/plain; charset=UTF-8\n"
    "Language: fr\n"
    "Plural-Forms: nplurals=2; plural=(n > 1);\n"
)


def _from_python(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in PLURAL_CALLS:
            continue
        texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
        texts = [t for t in texts if isinstance(t, str)]
        if name.startswith("np") and len(texts) >= 3:
            yield texts[0], texts[1], texts[2]
        elif len(texts) >= 2:
            yield "", texts[0], texts[1]


def _from_template(path: Path):
    for match in TEMPLATE_CALL.finditer(templatize(path.read_text(encoding="utf-8"))):
        kind, *texts = match.groups()
        texts = [ast.literal_eval(t) for t in texts if t is not None]
        yield ("", *texts) if kind == "n" else tuple(texts)


def _singles_from_python(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            texts = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name in SINGLE_CALLS and texts and all(isinstance(t, str) for t in texts):
                yield texts[-1]


def _singles_from_template(path: Path):
    for match in TEMPLATE_SINGLE.finditer(templatize(path.read_text(encoding="utf-8"))):
        kind, first, second = match.groups()
        yield ast.literal_eval(second if kind == "p" and second else first)


def _sources():
    root = Path(settings.BASE_DIR)
    for app in APPS:
        for path in (root / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path
    for folder in [root / "templates", *(root / app / "templates" for app in APPS)]:
        for path in folder.rglob("*"):
            if path.suffix in {".html", ".txt"}:
                yield path


def plural_messages() -> set[tuple[str, str, str]]:
    """(context, singular, plural) of every plural message of the code and templates."""
    found = set()
    for path in _sources():
        found.update(_from_python(path) if path.suffix == ".py" else _from_template(path))
    return found


def interface_messages() -> set[str]:
    """Every French message id of the code and templates (both forms of plurals), for
    the glossary test."""
    found = {text for _context, *forms in plural_messages() for text in forms}
    for path in _sources():
        extract = _singles_from_python if path.suffix == ".py" else _singles_from_template
        found.update(extract(path))
    return found


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def po_text(messages) -> str:
    blocks = ['msgid ""\nmsgstr ""\n' + "".join(_quote(line + "\n") + "\n" for line in
                                               HEADER.splitlines())]  # fmt: skip
    for context, singular, plural in sorted(messages):
        block = f"msgctxt {_quote(context)}\n" if context else ""
        block += f"msgid {_quote(singular)}\nmsgid_plural {_quote(plural)}\n"
        block += f"msgstr[0] {_quote(singular)}\nmsgstr[1] {_quote(plural)}\n"
        blocks.append(block)
    for msgid, msgstr in sorted(THIRD_PARTY.items()):
        blocks.append(f"msgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n")
    return "\n".join(blocks)


def mo_bytes(messages) -> bytes:
    """GNU .mo, as msgfmt writes it (the format of Python's Tools/i18n/msgfmt.py)."""
    catalogue = {b"": HEADER.encode()}
    for context, singular, plural in messages:
        key = (context + "\x04" if context else "") + singular + "\0" + plural
        catalogue[key.encode()] = (singular + "\0" + plural).encode()
    for msgid, msgstr in THIRD_PARTY.items():
        catalogue[msgid.encode()] = msgstr.encode()
    keys = sorted(catalogue)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(catalogue[key])))
        ids += key + b"\0"
        strs += catalogue[key] + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    key_offsets, value_offsets = [], []
    for id_at, id_len, str_at, str_len in offsets:
        key_offsets += [id_len, id_at + key_start]
        value_offsets += [str_len, str_at + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 28, 28 + len(keys) * 8, 0, 0)
    return header + array.array("i", key_offsets + value_offsets).tobytes() + ids + strs


class Command(BaseCommand):
    help = "Write (or --check) the French catalogue (plural forms, third-party wording)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check=False, **options):
        folder = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
        messages = plural_messages()
        po, mo = po_text(messages), mo_bytes(messages)
        if check:
            stale = [
                p.name
                for p, expected in ((folder / "django.po", po.encode()), (folder / "django.mo", mo))
                if not p.exists() or p.read_bytes() != expected
            ]
            if stale:
                raise CommandError(
                    f"{', '.join(stale)} out of date with the plurals of the code: "
                    "run `manage.py french_catalogue`."
                )
            return
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "django.po").write_text(po, encoding="utf-8")
        (folder / "django.mo").write_bytes(mo)
        self.stdout.write(
            f"{len(messages)} plural messages and {len(THIRD_PARTY)} third-party ids "
            f"written to {folder}."
        )
