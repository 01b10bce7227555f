"""The production static storage, tolerant of a CSS url() it cannot resolve.

A benchmark must not stop because one stylesheet names a file collectstatic cannot find (e.g. a
WeasyPrint-only URL scheme in a print stylesheet); the reference is left as written.
Production keeps the strict storage (`make serve` fails loudly on such a file).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class TolerantManifestStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None, *args, **kwargs):
        convert = super().url_converter(name, hashed_files, template, *args, **kwargs)

        def converter(matchobj):
            try:
                return convert(matchobj)
            except ValueError:
                return matchobj.group(0)

        return converter
