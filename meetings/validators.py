"""Validators of the meetings app: ATT document symbols. (Uploaded files are checked by the
one validator of every upload, uploads.validators.)"""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy

# ATT/<body>[.<subsidiary body>]/<year>/<part>[/<part>...], parts like CHAIR, 356, Conf.Rep, WP.4,
# Rev.1: e.g. ATT/CSP4.WGTU/2018/CHAIR/356/Conf.Rep or ATT/CSP2/2016/WP.4/Rev.1.
SYMBOL_PATTERN = (
    r"^ATT/[A-Z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*/(19|20)\d{2}(/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*)+$"
)

validate_document_symbol = RegexValidator(
    regex=re.compile(SYMBOL_PATTERN),
    message=gettext_lazy(
        "Enter an ATT document symbol such as ATT/CSP4.WGTU/2018/CHAIR/356/Conf.Rep or "
        "ATT/CSP2/2016/WP.4/Rev.1."
    ),
    code="invalid_symbol",
)
