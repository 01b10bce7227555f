"""The names and acronyms of the ATT's bodies in English, French and Spanish, as the ATT
Secretariat writes them in the English, French and Spanish versions of the CSP documents
(sources: meetings/titles.py, which composes the meetings' titles from them). Data, not
interface strings: the charts (here, in the base layer) and the meetings app share them.
"""

from django.utils.translation import get_language

# body → language → (name, acronym)
BODIES = {
    "att": {
        "en": ("Arms Trade Treaty", "ATT"),
        "fr": ("Traité sur le commerce des armes", "TCA"),
        "es": ("Tratado sobre el Comercio de Armas", "TCA"),
    },
    "csp": {
        "en": ("Conference of States Parties", "CSP"),
        "fr": ("Conférence des États Parties", "CEP"),
        "es": ("Conferencia de los Estados Partes", "CEEP"),
    },
    "wgtu": {
        "en": ("Working Group on Treaty Universalization", "WGTU"),
        "fr": ("Groupe de travail sur l'universalisation du Traité", "GTUT"),
        "es": ("Grupo de Trabajo sobre la Universalización del Tratado", "GTUT"),
    },
}

# kind → language → (full title, short title, the kind alone): the article agrees with the
# body's name (le Groupe → "du", el Grupo → "del"). One kind today: a meeting of the Group.
MEETING_KINDS = {
    "meeting": {
        "en": ("Meeting of the {name}, {date}", "{acronym} meeting, {date}", "{acronym} meeting"),
        "fr": ("Réunion du {name}, {date}", "Réunion du {acronym}, {date}", "Réunion du {acronym}"),
        "es": (
            "Reunión del {name}, {date}",
            "Reunión del {acronym}, {date}",
            "Reunión del {acronym}",
        ),
    },
}


def meeting_kind_label(language: str | None = None, kind: str = "meeting") -> str:
    """ "WGTU meeting", "Réunion du GTUT", "Reunión del GTUT" (a legend, a kind of entry)."""
    code = (language or get_language() or "en")[:2]
    code = code if code in BODIES["wgtu"] else "en"
    return MEETING_KINDS[kind][code][2].format(acronym=BODIES["wgtu"][code][1])
