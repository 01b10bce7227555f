"""Public treaty-status pages (included by states/urls.py under the "states" namespace)."""

import re

from django.urls import path, register_converter
from django.urls.converters import StringConverter

from states.views import public


class ISO3Converter(StringConverter):
    """Three letters; anything else is no match, so /states/<word>/ routes stay free for other
    views (e.g. /states/import/)."""

    def to_python(self, value):
        if not re.fullmatch(r"[A-Za-z]{3}", value):
            raise ValueError(value)
        return value


register_converter(ISO3Converter, "iso3")

urlpatterns = [
    path("", public.state_list, name="list"),
    path("export/", public.state_export, name="export"),
    path("<iso3:iso3>/", public.state_detail, name="detail"),
]
