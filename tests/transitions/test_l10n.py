"""Dates and numbers as French reads them, from one home (transitions/l10n.py)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from transitions.l10n import long_date, number

NNBSP = "\u202f"
UTC = ZoneInfo("UTC")
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (datetime.date(2027, 6, 17), "jour", "17 juin 2027"),
        (datetime.date(2027, 6, 1), "jour", "1er juin 2027"),
        (datetime.date(2027, 6, 1), "court", "1er juin"),
        (datetime.date(2027, 10, 30), "court", "30 octobre"),
        (datetime.date(2027, 7, 2), "mois", "juillet 2027"),
        (datetime.date(2027, 6, 1), "complet", "mardi 1er juin 2027"),
        (datetime.date(2021, 3, 1), "numerique", "01/03/2021"),
        # 12:30 UTC is 14:30 in Paris in summer.
        (datetime.datetime(2027, 6, 1, 12, 30, tzinfo=UTC), "heure", "1er juin 2027 à 14:30"),
        (
            datetime.datetime(2027, 6, 1, 12, 30, 5, tzinfo=UTC),
            "seconde",
            "1er juin 2027 à 14:30:05",
        ),
        # 23:30 UTC on 31 December is already New Year's Day in Paris.
        (datetime.datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "jour", "1er janvier 2027"),
        (datetime.date(2027, 6, 1), "heure", "1er juin 2027"),
        (None, "jour", ""),
        ("à fixer", "jour", "à fixer"),
    ],
)
def test_dates_read_in_full_in_paris_time_with_the_first_of_the_month_as_an_ordinal(
    value, style, expected
):
    with translation.override("fr"):
        assert long_date(value, style) == expected


def test_an_english_page_gets_english_dates_without_the_french_ordinal():
    with translation.override("en"):
        assert long_date(datetime.date(2027, 6, 1)) == "June 1, 2027"


def test_an_unknown_date_style_is_a_programming_error():
    with pytest.raises(ValueError):
        long_date(datetime.date(2027, 6, 1), "bientot")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (108000, None, f"108{NNBSP}000"),
        (1700, None, f"1{NNBSP}700"),
        (999, None, "999"),
        ("108000", None, f"108{NNBSP}000"),
        (3.456, 1, "3,5"),
        (1234567.5, 1, f"1{NNBSP}234{NNBSP}567,5"),
        (None, None, ""),
        ("n/a", None, "n/a"),
    ],
)
def test_numbers_are_grouped_by_thousands_with_a_narrow_no_break_space(value, decimals, expected):
    with translation.override("fr"):
        assert number(value, decimals) == expected


def test_the_filters_are_built_into_every_template_without_a_load():
    with translation.override("fr"):
        rendered = Template(
            '{{ d|date_fr }} · {{ d|date_fr:"court" }} · {{ p|nombre }} habitants · {{ m|nombre:1 }}'
        ).render(Context({"d": datetime.date(2027, 6, 1), "p": 108000, "m": 2.25}))
    assert rendered == f"1er juin 2027 · 1er juin · 108{NNBSP}000 habitants · 2,3"


def test_django_localisation_groups_thousands_the_french_way_everywhere():
    from django.utils.formats import date_format, number_format

    with translation.override("fr"):
        assert number_format(108000, force_grouping=True) == f"108{NNBSP}000"
        assert (
            date_format(datetime.datetime(2027, 6, 17, 14, 30), "DATETIME_FORMAT")
            == "17 juin 2027 à 14:30"
        )


# Formats that write dates by hand: abbreviated months ("17 Jui 2027": juin and juillet
# look alike), numeric dates beside written ones ("1/03/2021"), ISO dates in sentences.
HAND_MADE = re.compile(
    r"""\|date:"(?!H:i")|\|intcomma|strftime\(|:%d/%m|:%Y-%m-%d\}|:%Y-%m-%d %H|date_format\(|\{"date": [\w.]+\.isoformat\(\)\}"""
)


def test_templates_and_code_format_dates_and_numbers_through_the_one_home_only():
    offenders = []
    for folder in ("templates", "transitions", "territories", "parcours", "diagnostics",
                   "peergroups", "agora", "research", "audit"):  # fmt: skip
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".html", ".txt", ".py"} or path.name == "l10n.py":
                continue
            for number_, line in enumerate(path.read_text().splitlines(), 1):
                if HAND_MADE.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number_}: {line.strip()}")
    assert not offenders, "Use |date_fr / |nombre or transitions.l10n:\n" + "\n".join(offenders)
