"""French formats: Django's own (django/conf/locale/fr/formats.py) with two corrections.

- Thousands are grouped with a narrow no-break space (U+202F), as French typography does
  ("108 000 habitants"); Django's catalogue uses a full no-break space.
- A date with its time reads "17 juin 2027 à 14:30".

Dates written in full ("1er juin 2027", with the ordinal French uses for the first day)
go through transitions/l10n.py, which no format string can express.
"""

from django.conf.locale.fr.formats import *  # noqa: F403 (the rest stays Django's)

DATETIME_FORMAT = "j F Y à H:i"
THOUSAND_SEPARATOR = "\u202f"
