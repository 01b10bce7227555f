"""Tables of malformed values shared by the bad-input tests: text, dates, numbers, status files."""

HEADER = "iso3,name_en,att_region,signature_date,deposit_date,deposit_type,entry_into_force_date"
GOOD_ROW = "XSG,Signatoria,Africa,2013-09-25,,,"

# Texts that are wrong for most fields: overlong, NUL bytes, control characters, markup,
# formulas, odd Unicode. (Django forms refuse NUL; the rest is either refused or stored as text.)
BAD_TEXTS = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "x" * 101,
    "x" * 301,
    "x" * 5000,
    "é" * 2001,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% now 'Y' %}",
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTAB",
    "\rCR",
    "\ud7ff\ue000\U0010ffff",
    "\u202etxt.exe",
    "\x1b[31mred",
    "line1\nline2\r\nline3",
    "'; DROP TABLE states_state; --",
    "../../../../etc/passwd",
    "%s%s%s%n",
    "NaN",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "true",
]

BAD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "9999-10-05",
    "2013-02-30",
    "2018-3-7",
    "2018-13-01",
    "2018-00-10",
    "-2018-01-01",
    "20180307",
    "2018-W10-3",
    "2018/03/07",
    "07/03/2018",
    "2018-03-07T10:00:00",
    "2018-03-07\x00",
    "\uff11\uff19\uff19\uff19-\uff10\uff11-\uff10\uff11",  # full-width digits
    "2018-03-07" + "0" * 200,
    "yesterday",
    "0000-00-00",
    "1899-12-31",
    "10000-01-01",
]

# Dates no form may accept (impossible, malformed, or outside 1900-01-01 … 9999-09-30).
IMPOSSIBLE_DATES = {
    "0001-01-01",
    "9999-12-31",
    "9999-10-05",
    "2013-02-30",
    "2018-13-01",
    "2018-00-10",
    "-2018-01-01",
    "2018-W10-3",
    "2018-03-07\x00",
    "yesterday",
    "0000-00-00",
    "1899-12-31",
    "10000-01-01",
    "2018-03-07" + "0" * 200,
}

BAD_INTEGERS = ["", "abc", "-1", "0", "1.5", "1e3", "9" * 30, "\x00", "0x10", " 1 "]


def status_file(*rows: str, header: str = HEADER, newline: str = "\n") -> str:
    return newline.join([header, *rows]) + newline


def _row(**cells) -> str:
    values = {
        "iso3": "XSG",
        "name_en": "Signatoria",
        "att_region": "Africa",
        "signature_date": "2013-09-25",
        "deposit_date": "",
        "deposit_type": "",
        "entry_into_force_date": "",
    }
    values.update(cells)
    return ",".join(values.values())


def bad_status_files() -> list[tuple[str, bytes]]:
    """(label, bytes) of status files that must be refused as a whole or row by row."""
    good = status_file(GOOD_ROW)
    files = [
        ("empty", b""),
        ("bom only", "\ufeff".encode()),
        ("header only", (HEADER + "\n").encode()),
        ("blank lines only", b"\n\n\n"),
        ("wrong header", status_file(GOOD_ROW, header="code,name").encode()),
        ("header with extra column", status_file(GOOD_ROW + ",x", header=HEADER + ",x").encode()),
        ("header missing a column", status_file("XSG,Signatoria", header="iso3,name_en").encode()),
        ("NUL in a cell", status_file(_row(name_en="Sig\x00natoria")).encode()),
        ("UTF-16 LE with BOM", good.encode("utf-16")),
        ("UTF-16 BE", good.encode("utf-16-be")),
        ("UTF-32", good.encode("utf-32")),
        ("latin-1 accents", status_file(_row(name_en="Côte d'Ivoire")).encode("latin-1")),
        ("cp1252 quotes", status_file(_row(name_en="“Quoted”")).encode("cp1252")),
        ("invalid UTF-8 continuation", good.encode() + b"\x80\x81\xfe\xff"),
        ("overlong UTF-8", status_file(GOOD_ROW).encode().replace(b"S", b"\xc1\x93", 1)),
        ("lone surrogate bytes", status_file(GOOD_ROW).encode() + b"\xed\xa0\x80"),
        ("just over 2 MB", (good + "#" * (2 * 1024 * 1024)).encode()[: 2 * 1024 * 1024 + 1]),
        ("unterminated quote", status_file('XSG,"Signatoria,Africa,2013-09-25,,,').encode()),
        ("quote in the middle", status_file('XSG,Sig"nat"oria,Africa,2013-09-25,,,').encode()),
        ("cell over the csv field limit", status_file(_row(name_en="x" * 200_000)).encode()),
        ("too few cells", status_file("XSG,Signatoria,Africa").encode()),
        ("too many cells", status_file(GOOD_ROW + ",extra,extra").encode()),
        ("only commas", status_file(",,,,,,").encode() + b"XSG\n"),
        ("CR line endings", status_file(GOOD_ROW, "XNS,Nonsignia,Asia,,,,", newline="\r").encode()),
        ("duplicate state", status_file(GOOD_ROW, GOOD_ROW).encode()),
        ("unknown code", status_file(_row(iso3="QQQ")).encode()),
        ("two-letter code", status_file(_row(iso3="FR")).encode()),
        ("four-letter code", status_file(_row(iso3="FRAN")).encode()),
        ("non-ASCII code", status_file(_row(iso3="ÄÖÜ")).encode()),
        ("numeric code", status_file(_row(iso3="250")).encode()),
        ("empty name", status_file(_row(name_en="")).encode()),
        ("name of 121 characters", status_file(_row(name_en="x" * 121)).encode()),
        ("unknown region", status_file(_row(att_region="Atlantis")).encode()),
        ("region in lower case", status_file(_row(att_region="africa")).encode()),
        (
            "unknown deposit type",
            status_file(_row(deposit_date="2014-04-02", deposit_type="signature")).encode(),
        ),
        ("deposit without type", status_file(_row(deposit_date="2014-04-02")).encode()),
        ("type without deposit", status_file(_row(deposit_type="ratification")).encode()),
        (
            "entry into force without deposit",
            status_file(_row(entry_into_force_date="2014-12-24")).encode(),
        ),
        (
            "entry into force contradicting Art. 22",
            status_file(
                _row(
                    deposit_date="2014-04-02",
                    deposit_type="ratification",
                    entry_into_force_date="2015-01-01",
                )
            ).encode(),
        ),
        (
            "accession after a signature",
            status_file(_row(deposit_date="2015-04-02", deposit_type="accession")).encode(),
        ),
        (
            "signature after entry into force",
            status_file(_row(signature_date="2016-01-01")).encode(),
        ),
        ("CSV injection in the code", status_file(_row(iso3="=1+1")).encode()),
        ("script in the region", status_file(_row(att_region="<script>")).encode()),
    ]
    for date in BAD_DATES:
        files.append((f"signature {date!r}", status_file(_row(signature_date=date)).encode()))
        files.append(
            (
                f"deposit {date!r}",
                status_file(
                    _row(
                        iso3="XNS",
                        name_en="Nonsignia",
                        att_region="Asia",
                        signature_date="",
                        deposit_date=date,
                        deposit_type="accession",
                        entry_into_force_date=date,
                    )
                ).encode(),
            )
        )
    return files
