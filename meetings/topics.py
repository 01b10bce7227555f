"""What the portal knows about each standard topic: links from an agenda item to other pages.

A link whose page is not part of the portal (yet) is left out, as the navigation does.
"""

import datetime as dt

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

STATUS_TOPIC = "status-of-ratifications"

# topic code -> [(URL name, link text, whether the link takes the meeting's date as ?as_of=)]
TOPIC_LINKS = {
    STATUS_TOPIC: [("states:list", _("Status of every state on the meeting's date"), True)],
    "presidency-activities": [
        ("outreach:index", _("Outreach log"), False),
        ("challenges:index", _("Challenges noted during visits"), False),
    ],
    "parliamentary-cooperation": [("outreach:index", _("Outreach log"), False)],
    "regional-organizations": [("outreach:index", _("Outreach log"), False)],
    "stakeholder-updates": [("outreach:index", _("Outreach log"), False)],
}


def portal_links(code: str, on: dt.date) -> list[dict]:
    """[{"url", "label"}] for the topic `code` as of `on`; no query."""
    links = []
    for url_name, label, dated in TOPIC_LINKS.get(code, []):
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        if dated:
            url = f"{url}?as_of={on.isoformat()}"
        links.append({"url": url, "label": label})
    return links
