"""The one home of dates and numbers as people read them (pages, PDFs, emails, the
human-readable parts of exports and logs). Templates use the `date_fr` and `nombre`
filters (transitions/templatetags/l10n_fr.py, built into every template), which call this.

Dates are shown in Paris time (settings.TIME_ZONE) in full: "17 juin 2027", "1er juin
2027" (French writes the first day of a month as an ordinal), "17 juin 2027 à 14:30".
Numbers are grouped by Django's localisation with the formats of transitions/formats/fr:
"108 000" with a narrow no-break space. Machine-readable values (CSV cells, QDPX, ISO dates
in forms) stay ISO: they are read by programs, not people.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language

# How much of the date to show: `date_fr:"heure"` etc. in templates.
STYLES = ("jour", "complet", "court", "mois", "heure", "seconde", "numerique")


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value) -> str:
    if _french() and value.day == 1:
        return "1er"
    return str(value.day)


def long_date(value, style: str = "jour") -> str:
    """A date (or a datetime, in Paris time) in full.

    - "jour": "1er juin 2027" (the default)
    - "complet": "mardi 1er juin 2027" (a meeting's day)
    - "court": "1er juin" (within the current year's context: a timeline, a deadline)
    - "mois": "juin 2027"
    - "heure": "1er juin 2027 à 14:30" (a date shows no time)
    - "seconde": "1er juin 2027 à 14:30:05" (audit histories)
    - "numerique": "01/06/2027" (narrow table cells)
    """
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.date):
        return str(value)  # already text (a template must not fail on it)
    if style not in STYLES:
        raise ValueError(f"unknown date style {style!r}: one of {', '.join(STYLES)}")
    value = _local(value)
    if style == "numerique":
        return date_format(value, "SHORT_DATE_FORMAT")
    if style == "mois":
        return date_format(value, "YEAR_MONTH_FORMAT")
    if not _french():
        day = date_format(value, "MONTH_DAY_FORMAT" if style == "court" else "DATE_FORMAT")
    elif style == "court":
        day = f"{_day(value)} {date_format(value, 'F')}"
    else:
        day = f"{_day(value)} {date_format(value, 'F Y')}"
    if style == "complet":
        day = f"{date_format(value, 'l')} {day}" if _french() else date_format(value, "l, F j, Y")
    if style in ("heure", "seconde") and isinstance(value, datetime.datetime):
        time = date_format(value, "H:i:s" if style == "seconde" else "TIME_FORMAT")
        return f"{day} à {time}" if _french() else f"{day}, {time}"
    return day


def number(value, decimals: int | None = None) -> str:
    """A number grouped by thousands ("108 000"), with `decimals` digits after the comma
    when given ("3,5"). Non-numbers are returned as they are."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    if not isinstance(value, (int, float, Decimal)):
        return str(value)
    if decimals is not None:
        # Django's number_format cuts extra digits off (3.46 → "3,4"): round first.
        value = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
