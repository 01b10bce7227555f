"""The CSP4 work plan as the source document gives it (../shared/data/wgtu_work_plan_csp4.md),
and the Conferences of States Parties of data/conferences.csv (see data/README.md).

Agenda items keep the source's own wording in their description; their heading is the standard
topic's title (in the reader's language). The source gives no venue and no dates for the other
activities, so none are invented here. Loaded by services.work_plan_load.
"""

import datetime as dt
from pathlib import Path

D = dt.date

CONFERENCES_CSV = Path(__file__).resolve().parent / "data" / "conferences.csv"
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
        "title": "Work plan for the CSP4 preparatory meetings",
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

# (reference key, values, [(topic code, the source's wording of the suggested topic), ...])
MEETINGS = [
    (
        "csp4-wgtu-2018-03-07",
        {
            "date": D(2018, 3, 7),
            # The source writes "07 March"; the portal writes every date without a leading zero.
            "title": "WGTU meeting, 7 March 2018",
            "status": "held",
            "report_published": True,
        },
        [
            ("status-of-ratifications", "The status of ratifications, accessions, and signatures."),
            (
                "presidency-activities",
                "Activities of the Presidency (including what has been noted (Annex A) during "
                "visits to non-States Parties).",
            ),
            (
                "parliamentary-cooperation",
                "Parliamentary cooperation in promoting ATT universalization.",
            ),
            ("stakeholder-updates", "Update on other activities by ATT stakeholders."),
        ],
    ),
    (
        "csp4-wgtu-2018-05-31",
        {
            "date": D(2018, 5, 31),
            "title": "WGTU meeting, 31 May 2018",
            "status": "held",
            "report_published": True,
        },
        [
            ("status-of-ratifications", "The status of ratifications, accessions, and signatures."),
            (
                "presidency-activities",
                "Activities of the Presidency (including what has been noted during visits to "
                "non-States Parties).",
            ),
            (
                "industry-or-ngo-presentation",
                "Presentation of Defence Industry representative or NGO/think tank presentation.",
            ),
            (
                "regional-organizations",
                "Regional organization(s) and/or UN Regional Center(s) in promoting ATT "
                "universalization.",
            ),
            ("stakeholder-updates", "Update on other activities by ATT stakeholders."),
        ],
    ),
]

ACTIVITIES = [
    (
        "csp4-regional-workshop",
        {
            "kind": "workshop",
            "title": "Support a regional/subregional ATT workshop.",
            "status": "planned",
        },
    ),
    (
        "csp4-outreach",
        {
            "kind": "outreach",
            "title": "Outreach by the Presidency, Vice-Presidents, WGTU Co-chair and other actors.",
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
            "title": "ATT WGTU Co-chair's Draft report to CSP3",
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
            "title": "Terms of Reference for the Working Group on Treaty Universalization",
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
            "title": "Working Group on Universalization Initial Work Plan, Rev. 3",
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
            "title": "Promotion of Arms Trade Treaty Universalization",
            "kind": "working_paper",
            "access": "public",
            "note": "The basic document for WGTU work at least until CSP4.",
        },
        None,
    ),
]
