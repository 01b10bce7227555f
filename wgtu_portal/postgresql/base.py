"""Django's PostgreSQL backend, with a cheaper health check for persistent connections.

With CONN_HEALTH_CHECKS, Django sends `SELECT 1` before the first query of every request that
reuses a persistent connection. Under load that round trip cost about as much as the whole
benchmark floor page (0.4-0.6 ms of 0.6-0.8 ms, docs/performance.md). A server that goes away —
a restart, a terminated backend — says so on the socket: it sends its FATAL message and closes
the connection, which makes the idle connection's socket readable. So when the connection is idle
(no transaction open) and nothing is waiting on its socket, it is used as is; when something is
waiting, or the state is not plainly idle, Django's own check (`SELECT 1`) decides, as before.
A connection that died without a word (a network cut) is found by the first query failing, as
with Django's check (whose `SELECT 1` would wait just the same); Django then closes it at the
end of the request.
"""

import select

from django.db.backends.postgresql import base

try:  # psycopg2 (the project's driver)
    from psycopg2.extensions import TRANSACTION_STATUS_IDLE
except ImportError:  # pragma: no cover - psycopg 3: Django's own check
    TRANSACTION_STATUS_IDLE = None


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self._idle_and_quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _idle_and_quiet(self) -> bool:
        """Open, outside any transaction, and nothing from the server waiting on the socket."""
        raw = self.connection
        if TRANSACTION_STATUS_IDLE is None or raw.closed:
            return False
        try:
            if raw.get_transaction_status() != TRANSACTION_STATUS_IDLE:
                return False
            readable, _writable, _failed = select.select([raw], [], [], 0)
        except (OSError, ValueError, AttributeError):
            return False
        return not readable
