"""PDF meeting reports and state briefing packs (issue 8).

- render.py: the renderers, (filename, content_type, bytes), in the requested language;
- context.py: what each report shows, as of its date; i18n.py: the language context manager;
- pdf.py: WeasyPrint in a child process bounded in time and memory; fetcher.py: static files only;
- versions.py: the data version digest; cache.py: render once per version, then serve the bytes.
"""
