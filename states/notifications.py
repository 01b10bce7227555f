"""Depositary notification references ("C.N."): the number under which the UN Secretary-General,
as depositary, notified a treaty action to all States, e.g. C.N.266.2013.TREATIES-XXVI.8 (the
UNTC's spelling) or C.N.266.2013.TREATIES.XXVI-8. Each is published as a PDF at
https://treaties.un.org/doc/Publication/CN/<year>/CN.<number>.<year>-Eng.pdf (-Fre.pdf in French;
the UN Treaty Collection publishes them in English and French only).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from states.rules import OPENED_FOR_SIGNATURE

# Number, year, and the ATT's chapter (XXVI-8) in either spelling. Anchored; case as written.
PATTERN = r"^C\.N\.([1-9][0-9]{0,4})\.(20[0-9]{2})\.TREATIES[-.]XXVI[-.]8$"
CN_REFERENCE = re.compile(PATTERN)
URL = "https://treaties.un.org/doc/Publication/CN/{year}/CN.{number}.{year}-{language}.pdf"


def clean_cn_reference(value: str) -> str:
    """The reference with spaces removed and the letters in capitals ("" stays "")."""
    return "".join((value or "").split()).upper()


def validate_cn_reference(value: str) -> None:
    """A C.N. of the Arms Trade Treaty (chapter XXVI-8), notified in 2013 or later."""
    if not value:
        return
    match = CN_REFERENCE.match(value)
    if not match:
        raise ValidationError(
            _(
                "Enter a depositary notification of the Arms Trade Treaty like "
                "C.N.266.2013.TREATIES-XXVI.8."
            ),
            code="cn_reference",
        )
    if int(match.group(2)) < OPENED_FOR_SIGNATURE.year:
        raise ValidationError(
            _("A notification of the Arms Trade Treaty is dated 2013 or later."),
            code="cn_reference_year",
        )


def cn_url(value: str, language: str | None = None) -> str | None:
    """The UN Treaty Collection's PDF of the notification (French for French readers), or None."""
    match = CN_REFERENCE.match(value or "")
    if not match:
        return None
    suffix = "Fre" if (language or get_language() or "en")[:2] == "fr" else "Eng"
    return URL.format(number=match.group(1), year=match.group(2), language=suffix)
