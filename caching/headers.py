"""How browsers and proxies may keep a response (the HTTP side of caching).

Confidential downloads (outreach exports and attachments, internal documents, challenge tags,
briefing packs, internal or unpublished reports) are never stored anywhere on the way:
`Cache-Control: private, no-store`. Public ones keep Django's defaults.
"""

from django.utils.cache import patch_cache_control


def confidential(response):
    """Mark `response` as never to be stored by a browser or a proxy; returns it."""
    patch_cache_control(response, private=True, no_store=True)
    return response
