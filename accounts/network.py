"""Who is on the other end of a request, as far as the portal may trust it."""

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind N trusted reverse proxies the address the
    outermost trusted proxy saw (the N-th entry from the right of X-Forwarded-For). Entries to
    the left of it come from the client and are never trusted."""
    if request is None:
        return None
    proxies = getattr(settings, "WGTU_TRUSTED_PROXIES", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
