"""A reader for the depositary's status file: the UN Treaty Collection's MTDSG XML (no database).

The file as it really is (see tests/fixtures/untc/XXVI-8.en.2018-01-15.xml): encoded ISO-8859-1 as
its declaration says; stray control characters in texts (0x1C and 0x1D, the low bytes of Word's
“curly quotes”) and unescaped `&` in declaration texts, so it is not well-formed XML until cleaned;
markup escaped inside texts (`Denmark&lt;superscript&gt;1&lt;/superscript&gt;`); dates written
`3 Jun 2013`; a deposit's type as a suffix (`AA` approval, `A` acceptance, `a` accession, none for
ratification); provisional application under Art. 23 in its own column, suffix `n`.

read_mtdsg() refuses a file it cannot read at all (MtdsgError) and reports each cell it cannot
read as a ReadProblem with its row, so that the caller applies nothing.
"""

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from states.dates import EARLIEST, LATEST

MAX_FILE_BYTES = 2 * 1024 * 1024

SIGNATURE = "signature"
RATIFICATION = "ratification"
ACCEPTANCE = "acceptance"
APPROVAL = "approval"
ACCESSION = "accession"
PROVISIONAL_APPLICATION = "provisional_application"
# The depositary's suffixes after a deposit date (no suffix: ratification).
DEPOSIT_SUFFIXES = {"": RATIFICATION, "AA": APPROVAL, "A": ACCEPTANCE, "a": ACCESSION}
PROVISIONAL_SUFFIX = "n"

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}

# Control characters that are the low byte of a Windows typographic character (U+20xx) whose
# high byte was lost on the way to the file: put the character back rather than drop text.
CONTROL_REPAIRS = {
    "\x13": "\u2013",  # en dash
    "\x14": "\u2014",  # em dash
    "\x18": "\u2018",  # left single quotation mark
    "\x19": "\u2019",  # right single quotation mark
    "\x1c": "\u201c",  # left double quotation mark
    "\x1d": "\u201d",  # right double quotation mark
}
OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BARE_AMPERSAND = re.compile(r"&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);)")
XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"'][^>]*\?>")
TAG = re.compile(r"<[^<>]*>")
SUPERSCRIPT = re.compile(r"<superscript>\s*([^<]*?)\s*</superscript>", re.IGNORECASE)
DATE_CELL = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})(?:\s+([A-Za-z]+))?$")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
LONG_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})\b")


class MtdsgError(Exception):
    """The file as a whole cannot be read as an MTDSG status file."""


@dataclass
class ReadProblem:
    row: int
    name: str
    message: str

    def __str__(self):
        return _("row %(row)s (%(name)s): %(message)s") % {
            "row": self.row,
            "name": self.name or "?",
            "message": self.message,
        }


@dataclass
class ParticipantRow:
    """One row of the participant table; `row` counts from 1 after the header."""

    row: int
    name: str
    footnotes: list[str] = field(default_factory=list)
    signature: dt.date | None = None
    provisional_application: dt.date | None = None
    deposit: dt.date | None = None
    deposit_kind: str | None = None

    def actions(self) -> dict[str, tuple[str, dt.date]]:
        """Slot ("signature", "deposit", "provisional_application") → (kind, date)."""
        out = {}
        if self.signature:
            out[SIGNATURE] = (SIGNATURE, self.signature)
        if self.deposit:
            out["deposit"] = (self.deposit_kind, self.deposit)
        if self.provisional_application:
            out[PROVISIONAL_APPLICATION] = (PROVISIONAL_APPLICATION, self.provisional_application)
        return out


@dataclass
class DeclarationText:
    """One declaration or reservation (or an end note) of a participant, as the file gives it."""

    participant: str
    kind: str  # "declaration", "reservation", "objection", "note"
    heading: str
    text: str
    footnotes: list[str] = field(default_factory=list)


# Where a file's own date came from (MtdsgFile.as_of_origin), most reliable first.
DATE_STATED, DATE_FROM_NAME, DATE_NEWEST_EVENT = "file", "file name", "newest event"


@dataclass
class MtdsgFile:
    file_name: str
    title: str
    reference: str  # e.g. "XXVI-8"
    as_of: dt.date  # the file's own date: the status it gives is the status on that day
    as_of_origin: str  # DATE_STATED, DATE_FROM_NAME or DATE_NEWEST_EVENT
    signatories: int | None
    parties: int | None
    rows: list[ParticipantRow] = field(default_factory=list)
    declarations: list[DeclarationText] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)

    @property
    def signature_rows(self) -> int:
        return sum(1 for r in self.rows if r.signature)

    @property
    def deposit_rows(self) -> int:
        return sum(1 for r in self.rows if r.deposit)

    @property
    def newest_event(self) -> dt.date | None:
        """The latest date of any signature, deposit or provisional application in the file."""
        days = [day for r in self.rows for _kind, day in r.actions().values()]
        return max(days, default=None)


def clean_xml_text(text: str) -> str:
    """Make the depositary's text well-formed XML without losing any of its text."""
    for control, character in CONTROL_REPAIRS.items():
        text = text.replace(control, character)
    text = OTHER_CONTROLS.sub(" ", text)
    return BARE_AMPERSAND.sub("&amp;", text)


def decode(data: bytes) -> str:
    """The file's text, in the encoding its XML declaration names (UTF-8 without one)."""
    if len(data) > MAX_FILE_BYTES:
        raise MtdsgError(
            _("The file is larger than %(mb)s MB; a depositary status file is much smaller.")
            % {"mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise MtdsgError(_("The file is empty."))
    declared = XML_DECLARATION.match(data)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError:
        raise MtdsgError(
            _("The file declares an unknown encoding %(encoding)r.") % {"encoding": encoding}
        ) from None
    except UnicodeDecodeError as exc:
        raise MtdsgError(
            _("The file is not %(encoding)s text (byte %(pos)s cannot be read).")
            % {"encoding": encoding, "pos": exc.start}
        ) from None
    return text.lstrip("\ufeff")


def _plain(text: str | None) -> str:
    """Text without the markup escaped inside it, whitespace collapsed."""
    return " ".join(TAG.sub(" ", text or "").split())


def split_name(raw: str | None) -> tuple[str, list[str]]:
    """A participant's name without its footnote markers, and the markers."""
    raw = raw or ""
    footnotes = SUPERSCRIPT.findall(raw)
    return _plain(SUPERSCRIPT.sub("", raw)), [f for f in footnotes if f]


def in_range(day: dt.date | None) -> dt.date | None:
    """`day` if it lies in the portal's range of dates (states.dates), else None: a file may say
    anything, and the rules cannot compute on year 1."""
    return day if day is not None and EARLIEST <= day <= LATEST else None


def parse_date(day: str, month: str, year: str) -> dt.date | None:
    number = MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return in_range(dt.date(int(year), number, int(day)))
    except ValueError:
        return None


def parse_cell(text: str) -> tuple[dt.date | None, str | None]:
    """`3 Jun 2013 AA` → (date, "AA"); an empty cell → (None, None). ValueError if unreadable."""
    text = _plain(SUPERSCRIPT.sub("", text or ""))
    if not text:
        return None, None
    match = DATE_CELL.match(text)
    day = parse_date(*match.group(1, 2, 3)) if match else None
    if day is None:
        raise ValueError(text)
    return day, match.group(4) or ""


def _date_in_text(text: str) -> dt.date | None:
    iso = ISO_DATE.search(text)
    if iso:
        try:
            return in_range(dt.date(*(int(g) for g in iso.groups())))
        except ValueError:
            return None
    long = LONG_DATE.search(text)
    return parse_date(*long.groups()) if long else None


# Elements in which a published copy may carry its own date ("Status as at: …").
DATE_ELEMENTS = ("StatusDate", "AsAt", "AsOf", "PublicationDate", "LastUpdated", "Date")


def _file_date(root: ET.Element) -> dt.date | None:
    for tag in DATE_ELEMENTS:
        for element in root.iter(tag):
            found = _date_in_text(_plain("".join(element.itertext())))
            if found:
                return found
    for element in root.iter("Label"):
        if "as at" in (element.text or "").lower():
            found = _date_in_text(_plain("".join(element.itertext())))
            if found:
                return found
    return None


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def _columns(header: list[str]) -> dict[str, int]:
    """Column positions by their header text (the depositary's wording, in English)."""
    positions = {}
    for index, label in enumerate(header):
        label = label.lower()
        if "participant" in label:
            positions.setdefault("participant", index)
        elif "provisional" in label:
            positions.setdefault("provisional", index)
        elif "signature" in label:
            positions.setdefault("signature", index)
        elif any(w in label for w in ("ratification", "accession", "acceptance", "approval")):
            positions.setdefault("deposit", index)
    return positions


def _declaration_kind(heading: str) -> str:
    lowered = heading.lower()
    if "objection" in lowered:
        return "objection"
    if "reservation" in lowered and "declaration" not in lowered:
        return "reservation"
    return "declaration"


def _read_declarations(root: ET.Element) -> list[DeclarationText]:
    out = []
    for element in root.iter("Declaration"):
        name, footnotes = split_name(element.findtext("Participant"))
        headings, paragraphs = [], []
        for text in element.findall("text"):
            plain = _plain(text.text)
            if not plain:
                continue
            is_heading = text.get("type") == "title" or (
                not paragraphs and len(plain) < 80 and (plain.endswith(":") or _date_in_text(plain))
            )
            (headings if is_heading else paragraphs).append(plain)
        heading = " · ".join(headings)
        out.append(
            DeclarationText(
                participant=name,
                kind=_declaration_kind(heading),
                heading=heading,
                text="\n\n".join(paragraphs),
                footnotes=footnotes,
            )
        )
    return out


def _read_end_notes(root: ET.Element, rows: list[ParticipantRow]) -> list[DeclarationText]:
    """End notes (e.g. a territorial exclusion) kept with each participant that refers to them."""
    notes = {}
    for note in root.iter("Note"):
        index = (note.findtext("index") or "").strip()
        text = "\n\n".join(p for p in (_plain(t.text) for t in note.findall("text")) if p)
        if index and text:
            notes[index] = text
    out = []
    for row in rows:
        for marker in row.footnotes:
            if marker in notes:
                out.append(
                    DeclarationText(
                        participant=row.name,
                        kind="note",
                        heading=_("Note %(index)s") % {"index": marker},
                        text=notes[marker],
                        footnotes=[marker],
                    )
                )
    return out


def _date_from_name(file_name: str) -> dt.date | None:
    found = ISO_DATE.search(file_name or "")
    try:
        return in_range(dt.date(*(int(g) for g in found.groups()))) if found else None
    except ValueError:
        return None


def read_mtdsg(data: bytes, *, file_name: str = "") -> MtdsgFile:
    """Read a depositary status file. Raises MtdsgError if it cannot be read at all.

    The file's own date (`as_of`, with `as_of_origin`): a date the file states, else the ISO date
    in its name, else the newest event it contains (a file lists every event up to its date, so
    it is at least that recent). Cells that cannot be read are listed in `.problems` with their
    row and participant.
    """
    text = decode(data)
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise MtdsgError(_("The file declares a DTD or entities; a status file has none."))
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = ET.fromstring(clean_xml_text(body).encode("utf-8"))  # noqa: S314
    except ET.ParseError as exc:
        raise MtdsgError(
            _("The file is not readable XML (%(error)s).") % {"error": str(exc)[:120]}
        ) from None
    treaty = root.find("Treaty") if root.tag == "Document" else None
    table = treaty.find("Participants/Table/TGroup") if treaty is not None else None
    if table is None:
        raise MtdsgError(
            _(
                "This is not an MTDSG status file from the UN Treaty Collection (no participant table)."
            )
        )
    external = treaty.find("Header/ExternalData")
    title = _plain(external.findtext("Titlesect")) if external is not None else ""
    chapter = _plain(treaty.findtext("Header/Chapter/Header")).replace("CHAPTER", "").strip()
    number = _plain(external.findtext("Numsect")) if external is not None else ""
    reference = f"{chapter}-{number}" if chapter and number else ""
    if reference != "XXVI-8":
        raise MtdsgError(
            _(
                "This file is the status of %(title)s (%(reference)s), not of the Arms Trade Treaty (XXVI-8)."
            )
            % {"title": title or "?", "reference": reference or "?"}
        )

    as_of, origin = _file_date(treaty), DATE_STATED
    if as_of is None:
        as_of, origin = _date_from_name(file_name), DATE_FROM_NAME

    status = external.find("Status") if external is not None else None
    parsed = MtdsgFile(
        file_name=file_name,
        title=title,
        reference=reference,
        as_of=as_of or dt.date.min,
        as_of_origin=origin,
        signatories=_int(status.findtext("Signatories")) if status is not None else None,
        parties=_int(status.findtext("Parties")) if status is not None else None,
    )
    header = [_plain("".join(e.itertext())) for e in table.findall("Thead/Row/Entry")]
    columns = _columns(header)
    if not {"participant", "signature", "deposit"} <= columns.keys():
        raise MtdsgError(
            _("The participant table's columns are not recognised: %(header)s.")
            % {"header": " | ".join(header)[:300]}
        )
    seen: dict[str, int] = {}
    for number, row in enumerate(table.findall("Tbody/Rows/Row"), start=1):
        cells = ["".join(e.itertext()) for e in row.findall("Entry")]
        name, footnotes = split_name(cells[columns["participant"]] if cells else "")
        if len(cells) != len(header):
            parsed.problems.append(
                ReadProblem(
                    number,
                    name,
                    _("expected %(n)s cells, found %(m)s") % {"n": len(header), "m": len(cells)},
                )
            )
            continue
        if not name:
            parsed.problems.append(ReadProblem(number, "", _("the participant's name is empty")))
            continue
        if name.casefold() in seen:
            parsed.problems.append(
                ReadProblem(
                    number,
                    name,
                    _("already listed on row %(row)s") % {"row": seen[name.casefold()]},
                )
            )
            continue
        seen[name.casefold()] = number
        entry = ParticipantRow(row=number, name=name, footnotes=footnotes)
        for column, allowed in (
            ("signature", {""}),
            ("provisional", {"", PROVISIONAL_SUFFIX}),
            ("deposit", set(DEPOSIT_SUFFIXES)),
        ):
            if column not in columns:
                continue
            raw = cells[columns[column]]
            try:
                day, suffix = parse_cell(raw)
            except ValueError:
                parsed.problems.append(
                    ReadProblem(
                        number,
                        name,
                        _("%(column)s: %(value)r is not a date like “3 Jun 2013”")
                        % {"column": header[columns[column]], "value": _plain(raw)[:40]},
                    )
                )
                continue
            if day is None:
                continue
            if suffix not in allowed:
                parsed.problems.append(
                    ReadProblem(
                        number,
                        name,
                        _("%(column)s: unknown suffix %(suffix)r")
                        % {"column": header[columns[column]], "suffix": suffix},
                    )
                )
            elif column == "signature":
                entry.signature = day
            elif column == "provisional":
                entry.provisional_application = day
            else:
                entry.deposit, entry.deposit_kind = day, DEPOSIT_SUFFIXES[suffix]
        parsed.rows.append(entry)
    if not parsed.rows and not parsed.problems:
        raise MtdsgError(_("The participant table has no rows."))
    if as_of is None:
        parsed.as_of, parsed.as_of_origin = parsed.newest_event, DATE_NEWEST_EVENT
        if parsed.as_of is None:
            raise MtdsgError(
                _(
                    "The file's date is unknown: it states none, its name has none and it lists no event."
                )
            )
    parsed.declarations = _read_declarations(treaty) + _read_end_notes(treaty, parsed.rows)
    return parsed
