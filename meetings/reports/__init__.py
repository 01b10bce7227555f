"""PDF meeting reports and state briefing packs (issue 8).

- render.py: the renderers, (filename, content_type, bytes), in the requested language;
- context.py: what each report shows, as of its date; i18n.py: the language context manager;
- pdf.py: WeasyPrint in a child process bounded in time and memory (warm_up: initialised once per
  process, so the children start warm); fetcher.py: static files only;
- versions.py: the data version digest (one query); cache.py: render once per version, store the
  bytes, and keep the latest in each process's memory;
- render.warm_up(): what a server worker pays once at start-up (gunicorn post_worker_init).
"""
