"""gunicorn's settings for the portal (read from the project's root by `make serve`, the
benchmark and any `gunicorn wgtu_portal.wsgi` started there; pass `-c gunicorn.conf.py`
elsewhere). Command-line options (bind, workers) still win.

Each worker, once started, prepares what the first meeting report of a process would otherwise
pay on top of its own work (~0.3 s): the report templates compiled, the world map's geometry
decoded (the dashboard and the state pages use it too) and WeasyPrint initialised, so that the
bounded render children forked from the worker start warm (meetings.reports.render.warm_up). It
reads no data and never raises: a renderer that cannot start is logged, and a report asked for
later fails through the normal path with its message.
"""


def post_worker_init(worker):
    from meetings.reports.render import warm_up

    warm_up()
