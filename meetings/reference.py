"""The CSP4 work plan as the source document gives it (../shared/data/wgtu_work_plan_csp4.md),
and the Conferences of States Parties of data/conferences.csv (see data/README.md).

Agenda items keep the source's own wording in their description; their heading is the standard
topic's title (in the reader's language). The source gives no venue and no dates for the other
activities, so none are invented here. Loaded by services.work_plan_load.

The source is in English. The French and Spanish versions of its texts below are the
Secretariat's translation, not an official ATT translation (the records say so:
unofficial_translation), made with the ATT's own French and Spanish names and acronyms
(meetings.titles: CEP/CEEP, GTUT, TCA) and the UN's usual terms ("Terms of Reference": "Mandat",
"Mandato"). The meetings' English titles are the source's; their French and Spanish titles are
composed (meetings.titles).
"""

import datetime as dt
from pathlib import Path

D = dt.date

# Every seeded record's texts are English originals with the Secretariat's translations.
SECRETARIAT_TRANSLATION = {"original_language": "en", "unofficial_translation": True}

CONFERENCES_CSV = Path(__file__).resolve().parent / "data" / "conferences.csv"
# The conferences' places in French and Spanish (the usual exonyms), by the file's English.
PLACES = {
    "Cancún": ("Cancún", "Cancún"),
    "Geneva": ("Genève", "Ginebra"),
    "Geneva (CICG)": ("Genève (CICG)", "Ginebra (CICG)"),
    "Tokyo": ("Tokyo", "Tokio"),
}
# The file's words for a conference's format → ConferenceFormat's codes.
CONFERENCE_FORMATS = {
    "in person": "in_person",
    "hybrid": "hybrid",
    "written procedure": "written_procedure",
}

# (code, English, French, Spanish), in the order the topics are listed on the plan's pages.
TOPICS = [
    (
        "status-of-ratifications",
        "Status of ratifications, accessions and signatures",
        "État des ratifications, adhésions et signatures",
        "Estado de las ratificaciones, adhesiones y firmas",
    ),
    (
        "presidency-activities",
        "Activities of the Presidency (including what was noted during visits to non-States Parties)",
        "Activités de la Présidence (y compris ce qui a été relevé lors des visites "
        "aux États non parties)",
        "Actividades de la Presidencia (incluido lo observado durante las visitas "
        "a Estados no partes)",
    ),
    (
        "parliamentary-cooperation",
        "Parliamentary cooperation in promoting ATT universalization",
        "Coopération parlementaire pour promouvoir l'universalisation du TCA",
        "Cooperación parlamentaria para promover la universalización del TCA",
    ),
    (
        "regional-organizations",
        "Regional organizations and UN Regional Centres in promoting ATT universalization",
        "Rôle des organisations régionales et des centres régionaux des Nations Unies dans "
        "la promotion de l'universalisation du TCA",
        "Papel de las organizaciones regionales y los centros regionales de las Naciones Unidas "
        "en la promoción de la universalización del TCA",
    ),
    (
        "industry-or-ngo-presentation",
        "Presentation by a defence industry representative or an NGO/think tank",
        "Présentation d'un représentant de l'industrie de défense ou d'une ONG / d'un groupe "
        "de réflexion",
        "Presentación de un representante de la industria de defensa o de una ONG / un centro "
        "de estudios",
    ),
    (
        "stakeholder-updates",
        "Updates on other activities by ATT stakeholders",
        "Point sur les autres activités des parties prenantes du TCA",
        "Novedades sobre otras actividades de las partes interesadas del TCA",
    ),
]

# The cycle's conferences by number (their records come from data/conferences.csv, whose CSP3
# and CSP4 days are the source's own: "CSP3, that was held on 11-15 September 2017, and CSP4, to
# be held 20-24 August 2018").
PLAN = {
    "reference_key": "csp4-work-plan",
    "opening_conference": 3,
    "conference": 4,
    "values": {
        **SECRETARIAT_TRANSLATION,
        "title": "Work plan for the CSP4 preparatory meetings",
        "title_fr": "Plan de travail pour les réunions préparatoires de la CEP4",
        "title_es": "Plan de trabajo para las reuniones preparatorias de la CEEP4",
        "description_fr": (
            "La troisième Conférence des États Parties au Traité sur le commerce des armes a "
            "approuvé le projet de rapport du coprésident du GTUT du TCA à la CEP3 "
            "(ATT/CSP3.WGTU/2017/CHAIR/160/Conf.Rep), y compris l'ANNEXE A (Mandat du Groupe de "
            "travail sur l'universalisation du Traité) et l'ANNEXE B (Plan de travail initial du "
            "Groupe de travail sur l'universalisation, Rév. 3). Ces documents constituent une base "
            "solide pour les travaux du GTUT entre la CEP3, tenue du 11 au 15 septembre 2017, et "
            "la CEP4, qui se tiendra du 20 au 24 août 2018. Le GTUT doit se réunir deux fois avant "
            "la CEP4, le 7 mars et le 31 mai 2018."
        ),
        "description_es": (
            "La Tercera Conferencia de los Estados Partes en el Tratado sobre el Comercio de "
            "Armas hizo suyo el proyecto de informe del copresidente del GTUT del TCA a la CEEP3 "
            "(ATT/CSP3.WGTU/2017/CHAIR/160/Conf.Rep), incluidos el ANEXO A (Mandato del Grupo de "
            "Trabajo sobre la Universalización del Tratado) y el ANEXO B (Plan de trabajo inicial "
            "del Grupo de Trabajo sobre la Universalización, Rev. 3). Estos documentos sientan "
            "una base sólida para la labor del GTUT entre la CEEP3, celebrada del 11 al 15 de "
            "septiembre de 2017, y la CEEP4, que se celebrará del 20 al 24 de agosto de 2018. "
            "Está previsto que el GTUT celebre dos reuniones antes de la CEEP4, el 7 de marzo y "
            "el 31 de mayo de 2018."
        ),
        "description": (
            "The Third Conference to the Arms Trade Treaty endorsed the ATT WGTU Co-chair's Draft "
            "report to CSP3 (ATT/CSP3.WGTU/2017/CHAIR/160/Conf.Rep), including ANNEX A (Terms of "
            "Reference for the Working Group on Treaty Universalization) and ANNEX B (Working Group "
            "on Universalization Initial Work Plan, Rev. 3). The documents mentioned above "
            "establish a solid basis for WGTU work between CSP3, that was held on 11-15 September "
            "2017, and CSP4, to be held 20-24 August 2018. The WGTU is scheduled to have two "
            "meetings before CSP4, on 07 March and 31 May 2018."
        ),
    },
}

# (reference key, values, [(topic code, the source's wording of the suggested topic, French,
# Spanish), ...])
MEETINGS = [
    (
        "csp4-wgtu-2018-03-07",
        {
            "date": D(2018, 3, 7),
            # The source writes "07 March"; the portal writes every date without a leading zero.
            "title": "WGTU meeting, 7 March 2018",
            "original_language": "en",
            "status": "held",
            "report_published": True,
        },
        [
            (
                "status-of-ratifications",
                "The status of ratifications, accessions, and signatures.",
                "L'état des ratifications, adhésions et signatures.",
                "El estado de las ratificaciones, adhesiones y firmas.",
            ),
            (
                "presidency-activities",
                "Activities of the Presidency (including what has been noted (Annex A) during "
                "visits to non-States Parties).",
                "Activités de la Présidence (y compris ce qui a été relevé (annexe A) lors des "
                "visites aux États non parties).",
                "Actividades de la Presidencia (incluido lo observado (anexo A) durante las "
                "visitas a Estados no partes).",
            ),
            (
                "parliamentary-cooperation",
                "Parliamentary cooperation in promoting ATT universalization.",
                "Coopération parlementaire pour promouvoir l'universalisation du TCA.",
                "Cooperación parlamentaria para promover la universalización del TCA.",
            ),
            (
                "stakeholder-updates",
                "Update on other activities by ATT stakeholders.",
                "Point sur les autres activités des parties prenantes du TCA.",
                "Novedades sobre otras actividades de las partes interesadas del TCA.",
            ),
        ],
    ),
    (
        "csp4-wgtu-2018-05-31",
        {
            "date": D(2018, 5, 31),
            "title": "WGTU meeting, 31 May 2018",
            "original_language": "en",
            "status": "held",
            "report_published": True,
        },
        [
            (
                "status-of-ratifications",
                "The status of ratifications, accessions, and signatures.",
                "L'état des ratifications, adhésions et signatures.",
                "El estado de las ratificaciones, adhesiones y firmas.",
            ),
            (
                "presidency-activities",
                "Activities of the Presidency (including what has been noted during visits to "
                "non-States Parties).",
                "Activités de la Présidence (y compris ce qui a été relevé lors des visites aux "
                "États non parties).",
                "Actividades de la Presidencia (incluido lo observado durante las visitas a "
                "Estados no partes).",
            ),
            (
                "industry-or-ngo-presentation",
                "Presentation of Defence Industry representative or NGO/think tank presentation.",
                "Présentation d'un représentant de l'industrie de défense ou d'une ONG / d'un "
                "groupe de réflexion.",
                "Presentación de un representante de la industria de defensa o de una ONG / un "
                "centro de estudios.",
            ),
            (
                "regional-organizations",
                "Regional organization(s) and/or UN Regional Center(s) in promoting ATT "
                "universalization.",
                "Rôle des organisations régionales et/ou des centres régionaux des Nations Unies "
                "dans la promotion de l'universalisation du TCA.",
                "Papel de las organizaciones regionales y/o los centros regionales de las Naciones "
                "Unidas en la promoción de la universalización del TCA.",
            ),
            (
                "stakeholder-updates",
                "Update on other activities by ATT stakeholders.",
                "Point sur les autres activités des parties prenantes du TCA.",
                "Novedades sobre otras actividades de las partes interesadas del TCA.",
            ),
        ],
    ),
]

ACTIVITIES = [
    (
        "csp4-regional-workshop",
        {
            "kind": "workshop",
            **SECRETARIAT_TRANSLATION,
            "title": "Support a regional/subregional ATT workshop.",
            "title_fr": "Soutenir un atelier régional ou sous-régional sur le TCA.",
            "title_es": "Apoyar un taller regional o subregional sobre el TCA.",
            "status": "planned",
        },
    ),
    (
        "csp4-outreach",
        {
            "kind": "outreach",
            **SECRETARIAT_TRANSLATION,
            "title": "Outreach by the Presidency, Vice-Presidents, WGTU Co-chair and other actors.",
            "title_fr": (
                "Actions de sensibilisation de la Présidence, des vice-présidents, du coprésident "
                "du GTUT et d'autres acteurs."
            ),
            "title_es": (
                "Actividades de divulgación de la Presidencia, los vicepresidentes, el "
                "copresidente del GTUT y otros actores."
            ),
            "status": "planned",
        },
    ),
]

CSP3_REPORT = "ATT/CSP3.WGTU/2017/CHAIR/160/Conf.Rep"

# (reference key, values, reference key of the document it is an annex of, or None). The two
# annexes of the CSP3 report are recorded on their own (same symbol, annex letter) because the
# work plan relies on each separately: Annex A is the WGTU's Terms of Reference, Annex B the
# Initial Work Plan, Rev. 3, which names WP.4/Rev.1 as the basic document until CSP4.
DOCUMENTS = [
    (
        "csp3-wgtu-report",
        {
            "symbol": CSP3_REPORT,
            "annex": "",
            **SECRETARIAT_TRANSLATION,
            "title": "ATT WGTU Co-chair's Draft report to CSP3",
            "title_fr": "Projet de rapport du coprésident du GTUT du TCA à la CEP3",
            "title_es": "Proyecto de informe del copresidente del GTUT del TCA a la CEEP3",
            "kind": "report",
            "access": "public",
            "note": "Endorsed by the Third Conference of States Parties (CSP3).",
        },
        None,
    ),
    (
        "csp3-wgtu-report-annex-a",
        {
            "symbol": CSP3_REPORT,
            "annex": "A",
            **SECRETARIAT_TRANSLATION,
            "title": "Terms of Reference for the Working Group on Treaty Universalization",
            "title_fr": "Mandat du Groupe de travail sur l'universalisation du Traité",
            "title_es": "Mandato del Grupo de Trabajo sobre la Universalización del Tratado",
            "kind": "other",
            "access": "public",
            "note": "",
        },
        "csp3-wgtu-report",
    ),
    (
        "csp3-wgtu-report-annex-b",
        {
            "symbol": CSP3_REPORT,
            "annex": "B",
            **SECRETARIAT_TRANSLATION,
            "title": "Working Group on Universalization Initial Work Plan, Rev. 3",
            "title_fr": "Plan de travail initial du Groupe de travail sur l'universalisation, Rév. 3",
            "title_es": (
                "Plan de trabajo inicial del Grupo de Trabajo sobre la Universalización, Rev. 3"
            ),
            "kind": "other",
            "access": "public",
            "note": (
                '"The Working Paper Promotion of Arms Trade Treaty Universalization '
                "(ATT/CSP2/2016/WP.4/Rev.1) will serve as a basic document for WGTU work at least "
                'until CSP4".'
            ),
        },
        "csp3-wgtu-report",
    ),
    (
        "csp2-wp4-rev1",
        {
            "symbol": "ATT/CSP2/2016/WP.4/Rev.1",
            "annex": "",
            **SECRETARIAT_TRANSLATION,
            "title": "Promotion of Arms Trade Treaty Universalization",
            "title_fr": "Promotion de l'universalisation du Traité sur le commerce des armes",
            "title_es": "Promoción de la universalización del Tratado sobre el Comercio de Armas",
            "kind": "working_paper",
            "access": "public",
            "note": "The basic document for WGTU work at least until CSP4.",
        },
        None,
    ),
]
