"""How a participant's name is compared with the names on record (no database)."""

import unicodedata

APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def normalise(name: str) -> str:
    """Case, spacing and apostrophe variants compare equal; accents and words do not."""
    name = unicodedata.normalize("NFC", name or "").translate(APOSTROPHES)
    return " ".join(name.split()).casefold()
