"""Every URL of the resolver, fuzzed for every role (issue 24, item 6): 0 server errors, and
0 changes by a role that may not write.

What is fuzzed is found, not listed by hand:
- the URLs: every pattern of the resolver with the arguments of a real object of the shared data
  (tests/test_url_access.py: sample_urls, decision), plus, for every pattern that takes
  arguments, an id past the database's integers or a text with a NUL byte and markup;
- the query parameters: the names each view reads, recorded while it answers a plain GET (every
  read of request.GET / request.POST is noted), plus the common names (COMMON_NAMES);
- the forms: every POST form of every page, read from the Secretariat's pages as a browser sees
  them (fields, hidden version, options, file inputs); each example changes one to three of its
  values, and the same form is posted by a role that may write and by one that may not.

Hypothesis draws the values (dates at the ends of the calendar and just past the portal's range,
huge and negative numbers, NUL bytes, long and odd Unicode text, repeated parameters, real ids of
other objects, files with misleading names). The cases are fuzzed in parts, each part by its own
Hypothesis run sharing out the profile's budget (tests/conftest.py: 25 examples, derandomized, in
CI and in dev); then boundary passes try every case with its dates at 0001-01-01 and 9999-12-31
(and the forms' file names dated 0001-01-01), so every URL, role and form is covered whatever
the budget.

Judged, with debug off (the test settings): every answer is below 500 (a view's exception is
answered as a 500, its traceback quoted in the failure); a role the access decision does not let
write leaves every table and MEDIA_ROOT as they were (tests/robustness/conftest.py: fingerprint);
GETs write nothing; a write that was accepted stored dates the ledger can compute on
(states.dates: 1900-01-01 … 9999-09-30) and the page it leads to answers. Uploads: the known-bad
files (a PDF/HTML polyglot named minutes.html, a DOCX unpacking to 384 MiB, a DOCX with encrypted
members) are refused by every upload form and nothing is stored.

PDF reports render their HTML (the context and the template, where data problems show) but a
stand-in replaces WeasyPrint, whose cost and output are tested in tests/reports.
"""

import copy
import math
import re
import traceback
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.http import QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.datastructures import MultiValueDict
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from meetings.reports import pdf
from states.dates import EARLIEST, LATEST
from tests.robustness.conftest import (
    FUZZ,
    PDF_BYTES,
    PORTAL_APPS,
    docx_bytes,
    fingerprint,
)
from tests.robustness.test_bad_uploads import POLYGLOT, _set_central_flag
from tests.test_url_access import (  # noqa: F401 - fixtures
    ROLES,
    SAMPLES,
    decision,
    finish,
    role_clients,
    sample_urls,
    url_data,
)

# Names many views read; tried on every URL beside the names the view was seen reading.
COMMON_NAMES = (
    "as_of",
    "from",
    "to",
    "state",
    "region",
    "meeting",
    "plan",
    "page",
    "q",
    "lang",
    "format",
    "kind",
    "status",
    "edition",
    "next",
)
DATE_NAMES = re.compile(r"(^|[-_])(as_of|from|to|date|on|start|end|since|until|due)([-_]|$)")
# Tables a read may write: a rendered report is kept for its data version (a cache of bytes,
# not a record); sessions are refreshed by page views.
DERIVED_TABLES = {"meetings_renderedreport"}
# Cases per Hypothesis example: with the profile's 25 examples, about 200 fuzzed GETs and 150
# fuzzed forms (each posted by a role that may write and by one that may not), each URL and each
# form drawn for twice; "explore" (500 examples) draws each 40 times.
GETS_PER_EXAMPLE = 8
POSTS_PER_EXAMPLE = 6
NOT_FUZZED = {"csrfmiddlewaretoken", "version"}

NO_SHRINK = settings(parent=FUZZ, phases=[Phase.explicit, Phase.reuse, Phase.generate])

# --- values ---------------------------------------------------------------------------------

DATE_EDGES = [
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "1900-01-01",
    "9999-09-30",
    "9999-10-01",
    "2013-06-02",
    "2013-02-30",
    "0000-00-00",
    "10000-01-01",
    "-2018-01-01",
    "2018-13-01",
    "20180307",
    "2018-03-07T10:00:00",
    "2018-03-07\x00",
]
JUNK = [
    "",
    " ",
    "\x00",
    "abc",
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "9" * 40,
    "1.5",
    "1e309",
    "NaN",
    "true",
    "null",
    "é" * 300,
    "x" * 5000,
    "<script>alert(1)</script>",
    "=1+1",
    "../../etc/passwd",
    "\u202etxt.exe",
    "http://evil.example/",
    "//evil.example",
    "ZZZ",
]
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
DATES = st.one_of(st.sampled_from(DATE_EDGES), st.dates().map(lambda d: d.isoformat()))
INTEGERS = st.one_of(
    st.sampled_from(["0", "-1", "2147483648", "9" * 40]), st.integers(-(2**70), 2**70).map(str)
)


def values(kind: str, real: list[str], options=()) -> st.SearchStrategy:
    """A value of a field or parameter of this kind: its own (dates, numbers, options), real
    ids of the shared data, or junk."""
    mine = {
        "date": DATES,
        "number": INTEGERS,
        "choice": st.sampled_from(list(options)) if options else INTEGERS,
        "checkbox": st.sampled_from(["on", "", "off", "2"]),
    }.get(kind)
    common = st.one_of(st.sampled_from(JUNK), st.sampled_from(real), _text, DATES, INTEGERS)
    return st.one_of(mine, common) if mine is not None else common


def one_or_many(strategy):
    """A parameter given once, or repeated (?x=1&x=2)."""
    return st.one_of(strategy, st.lists(strategy, min_size=2, max_size=3))


def kind_of(name: str) -> str:
    bare = name.rsplit("-", 1)[-1]
    if DATE_NAMES.search(bare):
        return "date"
    if bare in ("page", "pk", "id", "number", "order", "job", "version") or bare.endswith("_pk"):
        return "number"
    return "text"


# --- files -----------------------------------------------------------------------------------

CSV = (
    b"iso3,name_en,att_region,signature_date,deposit_date,deposit_type,entry_into_force_date\n"
    b"FRA,France,Europe,2013-06-03,2014-04-02,ratification,2014-12-24\n"
)
DEPOSITARY_XML = Path("tests/fixtures/untc/XXVI-8.en.2018-01-15.xml")
STEMS = [
    "minutes",
    "x-0001-01-01",
    "x-9999-12-31",
    "XXVI-8.en.2018-01-15",
    "../../evil",
    "n" * 300,
    "é",
    "",
]


def good_files() -> dict[str, bytes]:
    return {
        ".pdf": PDF_BYTES,
        ".docx": docx_bytes(),
        ".csv": CSV,
        ".xml": DEPOSITARY_XML.read_bytes(),
    }


def accepted_extensions(accept: str) -> list[str]:
    """The extensions a file input's accept attribute names (every good kind without one)."""
    named = [e for e in good_files() if e in (accept or "")]
    return named or list(good_files())


def files(accept: str) -> st.SearchStrategy:
    """A file for an input: a good one of its kind, under a fuzzed name, or a hostile one."""
    good = good_files()
    extensions = accepted_extensions(accept)
    fitting = st.builds(
        lambda ext, stem: (f"{stem}{ext}", good[ext]),
        st.sampled_from(extensions),
        st.sampled_from(STEMS),
    )
    hostile = st.sampled_from(
        [
            ("minutes.html", POLYGLOT),
            ("minutes.svg", POLYGLOT),
            ("setup.exe", PDF_BYTES),
            ("minutes", PDF_BYTES),
            ("locked.docx", _set_central_flag(docx_bytes(), 0x1)),
            ("empty.pdf", b""),
            ("text.csv", "é\x00,\n".encode()),
        ]
    )
    return st.one_of(fitting, hostile)


def upload(name_and_content) -> SimpleUploadedFile:
    name, content = name_and_content
    return SimpleUploadedFile(name or "file", content)


# --- pages: their forms, and what a view reads ---------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # date, number, choice, checkbox, file, text
    value: str | None  # what a browser sends (None: nothing)
    options: list = field(default_factory=list)
    accept: str = ""


@dataclass
class Form:
    action: str
    fields: list[Field] = field(default_factory=list)

    def submitted(self) -> dict[str, list]:
        data: dict[str, list] = {}
        for f in self.fields:
            if f.kind != "file" and f.value is not None:
                data.setdefault(f.name, []).append(f.value)
        return data

    def file_fields(self) -> list[Field]:
        return [f for f in self.fields if f.kind == "file"]


class FormReader(HTMLParser):
    """The POST forms of a page as a browser would submit them, each field with its kind."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "").lower() == "post":
                self.forms.append(Form(urljoin(self.page_url, a.get("action") or self.page_url)))
            else:
                self.forms.append(Form(""))  # a GET form: its fields are not posted
            return
        if not self.forms or not self.forms[-1].action:
            return
        fields, name = self.forms[-1].fields, a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "reset"):
            kind = a.get("type", "text")
            if kind == "file":
                fields.append(Field(name, "file", None, accept=a.get("accept", "")))
            elif kind in ("checkbox", "radio"):
                existing = next((f for f in fields if f.name == name), None)
                if existing is None:
                    existing = Field(name, "choice" if kind == "radio" else "checkbox", None)
                    fields.append(existing)
                existing.options.append(a.get("value", "on"))
                if "checked" in a:
                    if existing.value is None:
                        existing.value = a.get("value", "on")
                    else:
                        fields.append(Field(name, existing.kind, a.get("value", "on")))
            else:
                date = r"\d{4}-\d{2}-\d{2}" in a.get("pattern", "") or kind == "date"
                number = kind == "number"
                guessed = "date" if date else "number" if number else kind_of(name)
                fields.append(Field(name, guessed, a.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = Field(name, kind_of(name), "")
            fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "choice", None)
            fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select.options.append(value)
            if "selected" in a:
                if self._select.value is None:
                    self._select.value = value
                else:
                    fields.append(Field(self._select.name, "choice", value))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._select.value is None and self._select.options:
                self._select.value = self._select.options[0]  # a browser sends the first
            self._select = None


def post_forms(url: str, html: str) -> list[Form]:
    reader = FormReader(url)
    reader.feed(html)
    return [f for f in reader.forms if f.action]


@contextmanager
def names_read():
    """The names a view reads from request.GET or request.POST (QueryDicts; the methods are
    MultiValueDict's) while the block runs, in the order first read."""
    seen: dict[str, None] = {}

    def wrap(original):
        def recorded(self, key, *args, **kwargs):
            if isinstance(self, QueryDict) and isinstance(key, str):
                seen.setdefault(key)
            return original(self, key, *args, **kwargs)

        return recorded

    with ExitStack() as stack:
        for method in ("get", "getlist", "__getitem__", "__contains__"):
            original = getattr(MultiValueDict, method)
            stack.enter_context(mock.patch.object(MultiValueDict, method, wrap(original)))
        yield seen


# --- requests and judgements -----------------------------------------------------------------


def send(client, method: str, url: str, data=None):
    """One request, the client's cookies kept as they were (signing out or switching language
    must not carry over to the next request), a streamed answer read to its end."""
    cookies = copy.deepcopy(client.cookies)
    for value in (data or {}).values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, SimpleUploadedFile):
                item.seek(0)  # the same form is posted by two roles
    try:
        ask = client.get if method == "GET" else client.post
        return finish(ask(url, data or {}))
    finally:
        client.cookies = cookies


def show(data) -> str:
    """Parameters as a short, readable text for a failure message."""
    if not data:
        return "{}"
    parts = []
    for name, value in data.items():
        if isinstance(value, SimpleUploadedFile):
            value = f"<file {value.name!r} {value.size} B>"
        elif isinstance(value, list):
            value = [
                f"<file {v.name!r}>" if isinstance(v, SimpleUploadedFile) else v for v in value
            ]
        text = repr(value)
        parts.append(f"{name}={text[:80]}{'…' if len(text) > 80 else ''}")
    return "{" + ", ".join(parts) + "}"


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    requests: Counter = field(default_factory=Counter)

    def judge(self, role, method, url, data, response) -> bool:
        """True when the answer is not a server error (else the problem is noted)."""
        self.requests[method] += 1
        if response.status_code < 500:
            return True
        detail = f"HTTP {response.status_code}"
        exc_info = getattr(response, "exc_info", None)
        if exc_info:
            detail = "".join(traceback.format_exception(*exc_info)[-4:]).strip()[-900:]
        where = url if len(url) < 160 else url[:150] + "…"
        self.problems.append(f"server error: {method} {where} as {role} {show(data)}\n    {detail}")
        return False

    def unchanged(self, before, after, what: str, kind="write by a role that may not write"):
        changed = sorted(
            k for k in after if after.get(k) != before.get(k) and not _derived(k)
        ) + sorted(k for k in before if k not in after)
        if changed:
            self.problems.append(f"{kind}: {what}: {changed}")

    def check(self, minimum: dict):
        message = f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems[:15])
        assert not self.problems, message
        for method, count in minimum.items():
            assert self.requests[method] >= count, (method, self.requests)


def _derived(key: str) -> bool:
    return any(table in key for table in DERIVED_TABLES)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _date_columns():
    """(model, field names) of every stored calendar date of the portal's apps."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label not in (*PORTAL_APPS, "pipeline") or model._meta.proxy:
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField)
        ]
        if names:
            found.append((model, names))
    return found


def dates_out_of_range() -> list[str]:
    """Stored dates outside 1900-01-01 … 9999-09-30, the range the ledger computes on."""
    out = []
    for model, names in _date_columns():
        outside = models.Q()
        for name in names:
            outside |= models.Q(**{f"{name}__lt": EARLIEST}) | models.Q(**{f"{name}__gt": LATEST})
        for row in model._base_manager.filter(outside).values("pk", *names)[:3]:
            out.append(f"{model._meta.db_table} {row}")
    return out


@pytest.fixture
def stand_in_renderer():
    """The reports' HTML is rendered (context and template); WeasyPrint is not run."""
    result = pdf.PdfResult(content=b"%PDF-1.7 stand-in")
    with mock.patch.object(pdf, "render_pdf", return_value=result):
        yield


# --- the cases ----------------------------------------------------------------------------------


@dataclass
class Case:
    method: str
    name: str
    url: str
    roles: list  # who sends it (one is drawn per example)
    names: list  # the names the view reads, then the common ones
    form: Form | None = None
    others: list = field(default_factory=list)  # roles that may not send it: nothing changes
    read: list = field(default_factory=list)  # the names it was seen reading


def real_values(data) -> list[str]:
    """Ids and codes of the shared data's objects: values that name something real."""
    out = []
    for value in vars(data).values():
        for attr in ("pk", "iso3", "code", "number"):
            if hasattr(value, attr):
                out.append(str(getattr(value, attr)))
    return sorted(set(out))


def hostile_url(name: str, kwargs: dict) -> str | None:
    """The pattern with every argument out of range or hostile: an id past the database's
    integers, a text with a NUL byte, markup and 100 accented letters (None: the pattern's
    converters refuse it, so the resolver answers 404 itself)."""
    bad = {
        k: 10**20 if isinstance(v, int) else "\x00<script>" + "é" * 100 for k, v in kwargs.items()
    }
    try:
        return reverse(name, kwargs=bad) if kwargs else None
    except NoReverseMatch:
        return None


def readers(rule, method="GET") -> list[str]:
    allowed = rule.get if method == "GET" else rule.post
    return [role for role in ROLES if role in allowed]


@dataclass
class Survey:
    """Every URL's GET cases and every form's POST cases, found by visiting the pages; and the
    URLs with hostile arguments (asked once each, not fuzzed: they answer 404 before reading
    anything)."""

    gets: list[Case]
    posts: list[Case]
    hostile: list[Case]
    real: list[str]

    @classmethod
    def take(cls, shared, clients, *, posts=True, pages=None) -> "Survey":
        gets, hostile, forms = [], [], {}
        for name, url in sample_urls(shared):
            rule = decision(name)
            if rule is None or (pages is not None and not pages(rule)):
                continue
            kwargs = SAMPLES[name](shared) if name in SAMPLES else {}
            roles = readers(rule)
            if rule.methods != "post" and roles:
                reader = roles[-1]  # the widest: the Secretariat where it may read
                with rolled_back(), names_read() as read:
                    page = send(clients[reader], "GET", url)
                names = list(dict.fromkeys([*read, *COMMON_NAMES]))
                gets.append(Case("GET", name, url, roles, names, read=list(read)))
                if bad_url := hostile_url(name, kwargs):
                    hostile.append(Case("GET", name, bad_url, [reader], names))
                if page.status_code == 200 and "text/html" in page.get("Content-Type", ""):
                    for form in post_forms(url, page.content.decode()):
                        forms.setdefault(urlsplit(form.action).path, form)
        cases = []
        for name, url in sample_urls(shared) if posts else []:
            rule = decision(name)
            if rule is None or rule.methods == "get":
                continue
            form = forms.get(url)
            writers = readers(rule, "POST")
            others = [role for role in ROLES if role not in writers]
            fields = [f.name for f in form.fields] if form else []
            names = [n for n in dict.fromkeys(fields) if n not in NOT_FUZZED]
            names = names if "next" in names else [*names, "next"]
            cases.append(Case("POST", name, url, writers, names, form, others=others))
            kwargs = SAMPLES[name](shared) if name in SAMPLES else {}
            if writers and (bad_url := hostile_url(name, kwargs)):
                hostile.append(Case("POST", name, bad_url, writers[-1:], names, form))
        return cls(gets, cases, hostile, real_values(shared))


def fuzz_query(draw, case: Case, real) -> dict:
    """One to three names, half of them among those the view was seen reading, the others
    among the common ones, with drawn values."""
    read = case.read
    name = st.sampled_from(COMMON_NAMES)
    if read:
        name = st.one_of(st.sampled_from(read), name)  # half the time a name the view read
    chosen = draw(st.lists(name, min_size=1, max_size=3, unique=True))
    return {n: draw(one_or_many(values(kind_of(n), real))) for n in chosen}


def fuzz_form(draw, case: Case, real) -> dict:
    """The form as a browser sends it (a good file in each file input), one to three of its
    values replaced by drawn ones."""
    form = case.form
    data: dict = dict(form.submitted()) if form else {}
    by_name = {f.name: f for f in form.fields} if form else {}
    good = good_files()
    for f in form.file_fields() if form else []:
        ext = accepted_extensions(f.accept)[0]
        data[f.name] = upload((f"good{ext}", good[ext]))
    chosen = draw(st.lists(st.sampled_from(case.names), min_size=1, max_size=3, unique=True))
    for n in chosen:
        f = by_name.get(n)
        if f is not None and f.kind == "file":
            data[n] = upload(draw(files(f.accept)))
            continue
        kind = f.kind if f is not None else kind_of(n)
        options = f.options if f is not None else ()
        data[n] = draw(one_or_many(values(kind, real, options)))
    return data


@dataclass(frozen=True)
class Boundary:
    """A pass over every case after the fuzzing: every date the view reads (or a form holds,
    or a file's name carries) at `day`, every other name it reads at `other` (queries only:
    a form keeps its other values, so that the date is what it is judged on)."""

    day: str
    other: str
    turn: int  # which of the allowed roles sends it
    first: bool  # the first pass: every case; the others: the cases that read names of their own
    files_only: bool = False  # only the file names carry the date (a form's date field, refused,
    # would hide what the file's name does)


BOUNDARIES = [
    Boundary("0001-01-01", "abc", -1, True),
    Boundary("9999-12-31", "9" * 30, 0, False),
    Boundary("0001-01-01", "", -1, False, files_only=True),
]


def boundary_query(case: Case, b: Boundary) -> dict:
    names = [*case.read, "as_of", "from", "to"]
    return {n: b.day if kind_of(n) == "date" else b.other for n in dict.fromkeys(names)}


def boundary_form(case: Case, b: Boundary) -> dict:
    form = case.form
    data: dict = dict(form.submitted()) if form else {}
    good = good_files()
    for f in form.fields if form else []:
        if f.kind == "file":
            ext = accepted_extensions(f.accept)[0]
            data[f.name] = upload((f"x-{b.day}{ext}", good[ext]))
        elif f.kind == "date" and f.name not in NOT_FUZZED and not b.files_only:
            data[f.name] = b.day
    for n in case.names:
        if n not in data and kind_of(n) == "date" and not b.files_only:
            data[n] = b.day
    return data


# --- the tests ------------------------------------------------------------------------------------


def sweep(cases, run, per_example):
    """Every case, fuzzed: the cases in parts of `per_example`, each part fuzzed by its own
    Hypothesis run that shares out the profile's budget (with its 25 examples, each case is
    drawn for twice; with "explore", 20 times more); then every case once per boundary pass
    (BOUNDARIES). Returns the number of examples."""
    parts = max(1, math.ceil(len(cases) / per_example))
    each = max(1, FUZZ.max_examples // parts)
    examples = [0]

    def fuzz(batch):
        @settings(NO_SHRINK, max_examples=each)
        @given(data=st.data())
        def example(data):
            examples[0] += 1
            run(batch, data.draw)

        example()

    for part in range(parts):
        fuzz([(i, c) for i, c in enumerate(cases) if i % parts == part])
    for b in BOUNDARIES:
        if b.files_only:
            chosen = [(i, c) for i, c in enumerate(cases) if c.form and c.form.file_fields()]
        else:
            chosen = [(i, c) for i, c in enumerate(cases) if b.first or c.read or c.form]
        run(chosen, b)
    return examples[0]


def ask_hostile(survey, clients, findings):
    """Every URL with hostile arguments, once, by the widest role that may use it."""
    with rolled_back():
        before = fingerprint()
        for case in survey.hostile:
            role = case.roles[-1]
            data = (case.form.submitted() if case.form else {}) if case.method == "POST" else {}
            response = send(clients[role], case.method, case.url, data)
            findings.judge(role, case.method, case.url, data, response)
        if all(case.method == "GET" for case in survey.hostile):
            findings.unchanged(before, fingerprint(), "GETs of URLs with hostile arguments")


@pytest.mark.django_db
def test_fuzzed_queries_on_every_url_never_fail_and_write_nothing(
    url_data,  # noqa: F811
    role_clients,  # noqa: F811
    stand_in_renderer,
):
    survey = Survey.take(url_data, role_clients, posts=False)
    findings = Findings()

    def run(batch, source):
        with rolled_back():
            before = fingerprint()
            for _index, case in batch:
                if isinstance(source, Boundary):
                    role, params = case.roles[source.turn], boundary_query(case, source)
                else:
                    role = source(st.sampled_from(case.roles))
                    params = fuzz_query(source, case, survey.real)
                response = send(role_clients[role], "GET", case.url, params)
                findings.judge(role, "GET", case.url, params, response)
            findings.unchanged(before, fingerprint(), f"GETs of {[c.name for _i, c in batch]}")

    examples = sweep(survey.gets, run, per_example=GETS_PER_EXAMPLE)
    ask_hostile(survey, role_clients, findings)
    print(f"{len(survey.gets)} URLs, {examples} examples: {findings.requests}")
    findings.check({"GET": 2 * len(survey.gets) + len(survey.hostile)})
    assert len(survey.gets) >= 90 and len(survey.hostile) >= 40


@pytest.mark.django_db
def test_fuzzed_forms_on_every_url_never_fail_and_only_writers_write(
    url_data,  # noqa: F811
    role_clients,  # noqa: F811
    stand_in_renderer,
):
    survey = Survey.take(url_data, role_clients)
    findings = Findings()
    assert dates_out_of_range() == []

    def plan(case, source):
        """(role that may write, role that may not, data): both post the same form."""
        if isinstance(source, Boundary):
            data = boundary_form(case, source)
            writer = case.roles[source.turn] if case.roles else None
            other = case.others[source.turn] if case.others and source.first else None
            return writer, other, data
        data = fuzz_form(source, case, survey.real)
        writer = source(st.sampled_from(case.roles)) if case.roles else None
        other = source(st.sampled_from(case.others)) if case.others else None
        return writer, other, data

    def run(batch, source):
        planned = [(case, *plan(case, source)) for _index, case in batch]
        with rolled_back():
            before = fingerprint()
            for case, _writer, other, data in planned:
                if other is not None:
                    response = send(role_clients[other], "POST", case.url, data)
                    findings.judge(other, "POST", case.url, data, response)
            sent = [f"{c.name} as {o}" for c, _w, o, _d in planned if o]
            findings.unchanged(before, fingerprint(), f"POSTs to {sent}")
        for case, writer, _other, data in planned:
            if writer is None:
                continue
            with rolled_back():
                client = role_clients[writer]
                response = send(client, "POST", case.url, data)
                if findings.judge(writer, "POST", case.url, data, response) and (
                    response.status_code == 302
                ):
                    after_write(findings, client, writer, case, data, response)

    examples = sweep(survey.posts, run, per_example=POSTS_PER_EXAMPLE)
    ask_hostile(survey, role_clients, findings)
    print(f"{len(survey.posts)} forms, {examples} examples: {findings.requests}")
    findings.check({"POST": 2 * len(survey.posts)})
    assert len(survey.posts) >= 60


def after_write(findings, client, role, case, data, response):
    """An accepted write stored only dates the ledger computes on, and its page answers."""
    wrong = dates_out_of_range()
    if wrong:
        findings.problems.append(
            f"date out of range stored: POST {case.url} as {role} {show(data)}: {wrong}"
        )
    location = urlsplit(response["Location"])
    if location.netloc or not location.path.startswith("/"):
        return
    try:
        resolve(location.path)
    except Resolver404:
        return
    target = response["Location"]
    followed = send(client, "GET", target)
    findings.judge(role, "GET", f"{target} (after {case.method} {case.url})", data, followed)


# --- uploads ------------------------------------------------------------------------------------


def known_bad_files(zip_bombs) -> list[tuple[str, str, bytes]]:
    return [
        ("PDF/HTML polyglot named minutes.html", "minutes.html", POLYGLOT),
        ("390 KB DOCX unpacking to 384 MiB", "report.docx", zip_bombs["docx_384MiB"]),
        ("DOCX with encrypted members", "locked.docx", _set_central_flag(docx_bytes(), 0x1)),
    ]


@pytest.mark.django_db
def test_every_upload_form_refuses_the_known_bad_files(
    url_data,  # noqa: F811
    role_clients,  # noqa: F811
    zip_bombs,
):
    # Upload forms are on the pages of forms (GET shows it, POST saves).
    survey = Survey.take(url_data, role_clients, pages=lambda rule: rule.methods == "both")
    client = role_clients["secretariat"]
    findings, controlled, tried = Findings(), [], []
    good = good_files()
    for case in survey.posts:
        if case.form is None or not case.form.file_fields() or "secretariat" not in case.roles:
            continue
        tried.append(case.name)
        for f in case.form.file_fields():
            ext = accepted_extensions(f.accept)[0]
            with rolled_back():
                data = {**case.form.submitted(), f.name: upload((f"good{ext}", good[ext]))}
                control = send(client, "POST", case.url, data)
                if control.status_code == 302:
                    controlled.append(case.name)  # the rest of the form is valid
            for label, file_name, content in known_bad_files(zip_bombs):
                with rolled_back():
                    before = fingerprint()
                    data = {**case.form.submitted(), f.name: upload((file_name, content))}
                    response = send(client, "POST", case.url, data)
                    findings.judge("secretariat", "POST", case.url, data, response)
                    if response.status_code == 302:
                        findings.problems.append(f"accepted: {label} by {case.name}")
                    findings.unchanged(
                        before, fingerprint(), f"{label} to {case.name}", "refused, yet stored"
                    )
    findings.check({"POST": 3 * len(tried)})
    # The upload forms found on the pages include the document and attachment forms, and
    # with a good file those are accepted: the refusals above are the files'.
    assert {"meetings:document_file_upload", "outreach:edit"} <= set(controlled), controlled
    assert {"states:import", "pipeline:import", "depositary:index", "outreach:create"} <= set(
        tried
    ), tried


def test_the_survey_reads_names_and_forms():
    """The recorder notes what a view reads, and the form reader what a browser sends."""
    query = QueryDict("a=1&b=2&b=3")
    with names_read() as read:
        query.get("a")
        query.getlist("b")
        _ = "c" in query
    assert list(read) == ["a", "b", "c"]
    html = (
        '<form method="get"><input name="as_of"></form>'
        '<form method="post" action="/x/"><input type="hidden" name="version" value="3">'
        '<input name="start" pattern="\\d{4}-\\d{2}-\\d{2}" value="2018-01-01">'
        '<select name="kind"><option value="a">A</option><option value="b" selected>B</option>'
        '</select><input type="checkbox" name="done" value="on">'
        '<input type="file" name="file" accept=".pdf"><textarea name="note">hi</textarea></form>'
    )
    (form,) = post_forms("/page/", html)
    assert form.action == "/x/"
    assert form.submitted() == {
        "version": ["3"],
        "start": ["2018-01-01"],
        "kind": ["b"],
        "note": ["hi"],
    }
    kinds = {f.name: f.kind for f in form.fields}
    assert kinds == {
        "version": "number",
        "start": "date",
        "kind": "choice",
        "done": "checkbox",
        "file": "file",
        "note": "text",
    }
