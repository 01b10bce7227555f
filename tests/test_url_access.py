"""Access control, proven on every URL pattern of the project (issues 2 and 9).

Walking the URL resolver, every named pattern (the admin aside: it has its own sign-in) must have
- an access decision in ACCESS: which roles may GET it and which may POST to it, and whether the
  view answers only one of the two methods; and
- when its route takes arguments, a builder in SAMPLES that returns the arguments of a real object
  of the shared data (so a role with access gets the page, not a 404).
A new view without both fails test_every_pattern_has_an_access_decision_and_a_sample, naming it.

The matrix then asks every URL as anonymous, delegate, co-chair and Secretariat, by GET and by POST
(an empty POST: this checks access, not behaviour), and lists every answer that differs from the
decision:
- anonymous on a private URL → a redirect to the sign-in page;
- a signed-in role without access → 403 (405 is accepted where the view has no such method);
- a role with access: GET → 200 (or the statuses the decision documents), POST → 200 (form
  errors), 302, 400 or 409; a method the view does not have → 405; never 500.
Each request runs in a savepoint rolled back afterwards, so no POST changes what the next one sees.
"""

import copy
import datetime as dt
import uuid
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.roles import Role
from tests.factories import UserFactory

ROLES = ("anonymous", "delegate", "cochair", "secretariat")
EVERYONE = frozenset(ROLES)
SIGNED_IN = frozenset(ROLES[1:])
INTERNAL = frozenset({"cochair", "secretariat"})
SECRETARIAT = frozenset({"secretariat"})
NOBODY = frozenset()

POST_OK = {200, 302, 400, 409}


@dataclass(frozen=True)
class Access:
    """Who may GET and who may POST; `methods` says which of the two the view answers at all
    ("get": GET only, so POST → 405 for those allowed; "post": POST only; "both")."""

    get: frozenset
    post: frozenset
    methods: str = "both"
    get_ok: tuple = (200,)
    signs_out: bool = False
    note: str = ""

    @property
    def public(self) -> bool:
        return "anonymous" in self.get | self.post


def page(roles, **kw) -> Access:
    """A read-only page (GET only) for these roles."""
    return Access(get=frozenset(roles), post=frozenset(roles), methods="get", **kw)


def form(roles, **kw) -> Access:
    """A page with a form: GET shows it, POST saves (same roles)."""
    return Access(get=frozenset(roles), post=frozenset(roles), **kw)


def action(roles, **kw) -> Access:
    """A POST-only action (GET → 405 for the roles allowed, 403 or 405 for the others)."""
    return Access(get=frozenset(roles), post=frozenset(roles), methods="post", **kw)


# The access decision of every URL name. Anonymous users are sent to sign in for everything
# that does not list "anonymous".
ACCESS: dict[str, Access] = {
    # Root: anonymous visitors of the home page get the public status page
    "home": page(EVERYONE),
    "set_language": Access(
        get=EVERYONE, post=EVERYONE, get_ok=(302,), note="GET only redirects back"
    ),
    "status": page(EVERYONE),
    "dashboard:index": page(INTERNAL),
    # Accounts
    "accounts:login": Access(
        get=EVERYONE,
        post=EVERYONE,
        get_ok=(200, 302),
        note="a signed-in user is sent home (302)",
    ),
    "accounts:logout": action(SIGNED_IN, signs_out=True, note="then back to the sign-in page"),
    "accounts:password_change": form(SIGNED_IN),
    "accounts:password_change_done": page(SIGNED_IN),
    "accounts:profile": form(SIGNED_IN),
    "accounts:password_reset": form(EVERYONE),
    "accounts:password_reset_done": page(EVERYONE),
    "accounts:password_reset_confirm": form(
        EVERYONE, get_ok=(302,), note="a valid link redirects to the set-password form"
    ),
    "accounts:password_reset_complete": page(EVERYONE),
    "accounts:accept_invitation": form(
        EVERYONE, get_ok=(302,), note="a valid link redirects to the set-password form"
    ),
    "accounts:people": page(SECRETARIAT),
    "accounts:invite": form(SECRETARIAT),
    "accounts:person": page(SECRETARIAT),
    "accounts:person_role": action(SECRETARIAT),
    "accounts:person_deactivate": action(SECRETARIAT),
    "accounts:person_reactivate": action(SECRETARIAT),
    "accounts:invitation_resend": action(SECRETARIAT),
    "audit:index": page(SECRETARIAT),
    # States: the public ledger and its API; the Secretariat's editing
    "states:list": page(EVERYONE),
    "states:export": page(EVERYONE),
    "states:detail": page(EVERYONE),
    "states:import": form(SECRETARIAT),
    "states:import_confirm": action(SECRETARIAT),
    "states:action_add": form(SECRETARIAT),
    "states:action_edit": form(SECRETARIAT),
    "states:action_delete": form(SECRETARIAT),
    "api:summary": page(EVERYONE),
    "api:states": page(EVERYONE),
    "api:openapi": page(EVERYONE),
    "api:conferences": page(EVERYONE),
    # Calendar feeds: the public one; a private one opens with its secret (the sample's is valid)
    "calendar:feed": page(EVERYONE),
    "calendar:private": page(EVERYONE, note="the secret in the URL is the access decision"),
    # Depositary (Secretariat only; not even the Co-chairs)
    "depositary:index": form(SECRETARIAT),
    "depositary:detail": page(SECRETARIAT),
    "depositary:apply": action(SECRETARIAT),
    "depositary:name_add": action(SECRETARIAT),
    # Starts the sync as a background task (the tests' settings point it at a closed local port).
    "depositary:sync": action(SECRETARIAT),
    # Challenges: read by Secretariat and Co-chairs, edited by the Secretariat
    "challenges:index": page(INTERNAL),
    "challenges:heatmap": page(INTERNAL),
    "challenges:tags": page(INTERNAL),
    "challenges:export": page(INTERNAL),
    "challenges:tag": page(INTERNAL),
    "challenges:state": page(INTERNAL),
    "challenges:challenge": page(INTERNAL),
    "challenges:tag_create": form(SECRETARIAT),
    "challenges:tag_bulk": form(SECRETARIAT),
    "challenges:tag_edit": form(SECRETARIAT),
    "challenges:tag_close": form(SECRETARIAT),
    "challenges:tag_reopen": action(SECRETARIAT),
    "challenges:challenge_create": form(SECRETARIAT),
    "challenges:challenge_edit": form(SECRETARIAT),
    "challenges:challenge_retire": action(SECRETARIAT),
    "challenges:challenge_unretire": action(SECRETARIAT),
    # The joining pipeline: read by Secretariat and Co-chairs (internal entries included),
    # edited by the Secretariat; Delegates see public entries on the state pages only
    "pipeline:index": page(INTERNAL),
    "pipeline:export": page(INTERNAL),
    "pipeline:stages": page(INTERNAL),
    "pipeline:entry_add": form(SECRETARIAT),
    "pipeline:entry_edit": form(SECRETARIAT),
    "pipeline:entry_delete": form(SECRETARIAT),
    "pipeline:import": form(SECRETARIAT),
    "pipeline:import_confirm": action(SECRETARIAT),
    "pipeline:stage_create": form(SECRETARIAT),
    "pipeline:stage_edit": form(SECRETARIAT),
    # Outreach: read by Secretariat and Co-chairs, edited by the Secretariat
    "outreach:index": page(INTERNAL),
    "outreach:export": page(INTERNAL),
    "outreach:activity": page(INTERNAL),
    "outreach:attachment": page(INTERNAL),
    "outreach:state_timeline": page(INTERNAL),
    "outreach:coverage": page(INTERNAL),
    "outreach:followups": page(INTERNAL),
    "my_followups": page(SIGNED_IN),
    "outreach:create": form(SECRETARIAT),
    "outreach:edit": form(SECRETARIAT),
    "outreach:delete": form(SECRETARIAT),
    "outreach:followup_done": action(SECRETARIAT),
    # Meetings: read by every role (internal material scoped out for Delegates), edited by the
    # Secretariat
    "meetings:index": page(SIGNED_IN),
    "meetings:plan": page(SIGNED_IN),
    "meetings:meeting": page(SIGNED_IN),
    "meetings:participants_import": form(SECRETARIAT),
    "meetings:account_delegation": action(SECRETARIAT),
    "meetings:presenter_create": form(SECRETARIAT),
    "meetings:presenter_edit": form(SECRETARIAT),
    "meetings:summary_create": form(SECRETARIAT),
    "meetings:summary": page(SIGNED_IN, note="the sample summary is final"),
    "meetings:summary_edit": form(SECRETARIAT),
    "meetings:summary_circulate": action(SECRETARIAT),
    "meetings:summary_final": action(SECRETARIAT),
    "meetings:summary_comment": action(
        NOBODY, note="only while circulated: Co-chairs, participating delegates"
    ),
    "meetings:participants_import_confirm": action(SECRETARIAT),
    "meetings:report": page(SIGNED_IN, note="the sample meeting's report is published"),
    "reports:index": page(SIGNED_IN),
    "reports:publication": action(SECRETARIAT),
    "reports:briefing": page(INTERNAL),
    "reports:meeting_bulk": action(SIGNED_IN),
    "reports:briefing_bulk": form(INTERNAL),
    "reports:bulk": page(
        SIGNED_IN, get_ok=(200, 404), note="its requester's only (the sample is the Secretariat's)"
    ),
    "reports:bulk_file": page(
        SIGNED_IN, get_ok=(200, 404), note="its requester's only (the sample is the Secretariat's)"
    ),
    "meetings:topics": page(SIGNED_IN),
    "meetings:topic": page(SIGNED_IN),
    "meetings:documents": page(SIGNED_IN),
    "meetings:document": page(SIGNED_IN),
    "meetings:document_download": page(SIGNED_IN),
    "meetings:agenda_item_move": action(SECRETARIAT),
    # Conferences and cycles: read by every role, recorded by the Secretariat
    "meetings:conferences": page(SIGNED_IN),
    "meetings:conference": page(SIGNED_IN),
    "meetings:conference_ics": page(SIGNED_IN),
    "meetings:meeting_ics": page(SIGNED_IN),
    "meetings:plan_next": form(SECRETARIAT),
    # Calendar feeds' page; private feeds for the Secretariat and the Co-chairs (the sample is
    # the co-chair's own: its owner and the Secretariat may revoke it)
    "meetings:calendar": page(SIGNED_IN),
    "meetings:translations_missing": page(SECRETARIAT),
    "meetings:calendar_token": action(INTERNAL),
    "meetings:calendar_token_revoke": action(INTERNAL),
}
# Regular editing views of the record-keeping apps: a name ending like this, in these apps, is a
# Secretariat form (GET shows it, POST saves) unless ACCESS says otherwise.
EDIT_SUFFIXES = ("_create", "_edit", "_delete", "_upload")
EDIT_APPS = ("meetings", "challenges", "outreach", "pipeline")


def decision(name: str) -> Access | None:
    if name in ACCESS:
        return ACCESS[name]
    app, _colon, view = name.partition(":")
    if app in EDIT_APPS and view.endswith(EDIT_SUFFIXES):
        return form(SECRETARIAT)
    return None


# Arguments of a real object for every URL whose route takes some: name → builder(data) → kwargs.
SAMPLES = {
    # Accounts
    "accounts:password_reset_confirm": lambda d: {"uidb64": d.person_uid, "token": d.person_token},
    "accounts:accept_invitation": lambda d: {"uidb64": d.invited_uid, "token": d.invited_token},
    "accounts:person": lambda d: {"pk": d.person.pk},
    "accounts:person_role": lambda d: {"pk": d.person.pk},
    "accounts:person_deactivate": lambda d: {"pk": d.person.pk},
    "accounts:person_reactivate": lambda d: {"pk": d.person.pk},
    "accounts:invitation_resend": lambda d: {"pk": d.invited.pk},
    # States
    "states:detail": lambda d: {"iso3": d.state.iso3},
    "states:action_add": lambda d: {"iso3": d.state.iso3},
    "states:action_edit": lambda d: {"iso3": d.state.iso3, "pk": d.action.pk},
    "states:action_delete": lambda d: {"iso3": d.state.iso3, "pk": d.action.pk},
    # Depositary
    "depositary:detail": lambda d: {"pk": d.check.pk},
    "depositary:apply": lambda d: {"pk": d.check.pk},
    # Challenges
    "challenges:tag": lambda d: {"pk": d.tag.pk},
    "challenges:tag_edit": lambda d: {"pk": d.tag.pk},
    "challenges:tag_close": lambda d: {"pk": d.tag.pk},
    "challenges:tag_reopen": lambda d: {"pk": d.tag.pk},
    "challenges:state": lambda d: {"iso3": d.nonparty.iso3},
    "challenges:challenge": lambda d: {"code": d.challenge.code},
    "challenges:challenge_edit": lambda d: {"code": d.challenge.code},
    "challenges:challenge_retire": lambda d: {"code": d.challenge.code},
    "challenges:challenge_unretire": lambda d: {"code": d.challenge.code},
    # The joining pipeline
    "pipeline:entry_add": lambda d: {"iso3": d.nonparty.iso3},
    "pipeline:entry_edit": lambda d: {"pk": d.stage_entry.pk},
    "pipeline:entry_delete": lambda d: {"pk": d.stage_entry.pk},
    "pipeline:stage_edit": lambda d: {"code": d.stage.code},
    # Outreach
    "outreach:activity": lambda d: {"pk": d.activity.pk},
    "outreach:edit": lambda d: {"pk": d.activity.pk},
    "outreach:delete": lambda d: {"pk": d.activity.pk},
    "outreach:attachment": lambda d: {"activity_pk": d.activity.pk, "pk": d.attachment.pk},
    "outreach:state_timeline": lambda d: {"iso3": d.nonparty.iso3},
    "outreach:followup_done": lambda d: {"pk": d.followup.pk},
    # Meetings
    "meetings:plan": lambda d: {"pk": d.plan.pk},
    "meetings:plan_edit": lambda d: {"pk": d.plan.pk},
    "meetings:meeting_create": lambda d: {"plan_pk": d.plan.pk},
    "meetings:activity_create": lambda d: {"plan_pk": d.plan.pk},
    "meetings:activity_edit": lambda d: {"pk": d.plan_activity.pk},
    "meetings:meeting": lambda d: {"pk": d.meeting.pk},
    "meetings:report": lambda d: {"pk": d.meeting.pk},
    "reports:publication": lambda d: {"pk": d.meeting.pk},
    "reports:briefing": lambda d: {"iso3": d.nonparty.iso3},
    "reports:meeting_bulk": lambda d: {"pk": d.meeting.pk},
    "reports:bulk": lambda d: {"token": d.bulk.token},
    "reports:bulk_file": lambda d: {"token": d.bulk.token},
    "meetings:meeting_edit": lambda d: {"pk": d.meeting.pk},
    "meetings:participants_import": lambda d: {"pk": d.meeting.pk},
    "meetings:account_delegation": lambda d: {"pk": d.person.pk},
    "meetings:presenter_create": lambda d: {"pk": d.agenda_item.pk},
    "meetings:presenter_edit": lambda d: {"pk": d.presenter.pk},
    "meetings:summary_create": lambda d: {"pk": d.meeting.pk},
    "meetings:summary": lambda d: {"pk": d.summary.pk},
    "meetings:summary_edit": lambda d: {"pk": d.summary.pk},
    "meetings:summary_circulate": lambda d: {"pk": d.summary.pk},
    "meetings:summary_final": lambda d: {"pk": d.summary.pk},
    "meetings:summary_comment": lambda d: {"pk": d.summary.pk},
    "meetings:participants_import_confirm": lambda d: {"pk": d.meeting.pk},
    "meetings:agenda_item_create": lambda d: {"meeting_pk": d.meeting.pk},
    "meetings:agenda_item_edit": lambda d: {"pk": d.agenda_item.pk},
    "meetings:translation_edit": lambda d: {"kind": "agenda-item", "pk": d.agenda_item.pk},
    "meetings:agenda_item_move": lambda d: {"pk": d.agenda_item.pk},
    "meetings:agenda_item_delete": lambda d: {"pk": d.agenda_item.pk},
    "meetings:topic": lambda d: {"code": d.topic.code},
    "meetings:topic_edit": lambda d: {"code": d.topic.code},
    "meetings:document": lambda d: {"pk": d.document.pk},
    "meetings:document_edit": lambda d: {"pk": d.document.pk},
    "meetings:document_file_upload": lambda d: {"pk": d.document.pk},
    "meetings:document_download": lambda d: {"pk": d.document.pk, "language": "en"},
    "meetings:document_file_delete": lambda d: {"pk": d.document.pk, "language": "en"},
    "meetings:plan_next": lambda d: {"pk": d.plan.pk},
    "meetings:meeting_ics": lambda d: {"pk": d.meeting.pk},
    "meetings:conference": lambda d: {"number": d.conference.number},
    "meetings:conference_edit": lambda d: {"number": d.conference.number},
    "meetings:conference_ics": lambda d: {"number": d.conference.number},
    "meetings:calendar_token_revoke": lambda d: {"pk": d.calendar_token.pk},
    "calendar:private": lambda d: {"token": d.calendar_secret},
}


# --- walking the resolver --------------------------------------------------------------------------


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full_ns = f"{namespace}:{ns}".strip(":") if ns else namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), full_ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}".strip(":") if pattern.name else None
            yield name, prefix + str(pattern.pattern), pattern


def project_patterns():
    """(name, route, pattern) of every pattern of the project, the admin left to its own login."""
    return [
        (name, route, pattern)
        for name, route, pattern in _walk(get_resolver())
        if not ((name and name.startswith("admin:")) or route.startswith("admin/"))
    ]


def takes_arguments(pattern) -> bool:
    return pattern.pattern.regex.groups > 0


def sample_urls(data) -> list[tuple[str, str]]:
    """(name, URL of a real object) for every pattern."""
    urls = []
    missing = [
        f"{name} (/{route})"
        for name, route, pattern in project_patterns()
        if name not in SAMPLES and takes_arguments(pattern)
    ]
    if missing:
        pytest.fail(
            "no sample arguments in tests/test_url_access.py SAMPLES: " + ", ".join(missing)
        )
    for name, _route, _pattern in project_patterns():
        kwargs = SAMPLES[name](data) if name in SAMPLES else {}
        urls.append((name, reverse(name, kwargs=kwargs)))
    return urls


# --- the shared data: one of each object ------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SAMPLE_CHECK = "tests/fixtures/untc/XXVI-8.en.2018-01-15.xml"


def _pdf(name="sample.pdf"):
    return SimpleUploadedFile(name, PDF, "application/pdf")


def build_url_data(personas) -> SimpleNamespace:
    """One object of each kind, built through the apps' services where they have one."""
    from challenges.models import Challenge
    from challenges.services import challenge_tag_create
    from depositary.models import DepositaryCheck
    from meetings import services as meeting_services
    from meetings.models import (
        Access as DocumentAccess,
    )
    from meetings.models import (
        AgendaItem,
        BulkDownload,
        CalendarToken,
        Document,
        PlanActivity,
        StandardTopic,
        WorkPlan,
    )
    from meetings.record import Presenter
    from meetings.summaries import Summary
    from outreach.models import Attachment, FollowUp, OutreachActivity
    from pipeline.models import ProcedureStage
    from pipeline.services import stage_entry_create
    from states.models import State

    secretariat = personas["secretariat"]
    today = dt.date.today()
    state = State.objects.get(iso3="FRA")
    nonparty = State.objects.non_parties(today).order_by("iso3").first()
    challenge = Challenge.objects.get(code="6.2")
    tag = challenge_tag_create(
        state=nonparty,
        challenge=challenge,
        noted_on=dt.date(2016, 5, 1),
        source="Visit of the CSP President",
        user=secretariat,
    )
    stage = ProcedureStage.objects.get(code="before_parliament")
    stage_entry = stage_entry_create(
        state=nonparty,
        stage=stage,
        date=dt.date(2017, 4, 1),
        source="Parliamentary record",
        visibility="internal",
        user=secretariat,
    )
    activity = OutreachActivity.objects.create(
        start_date=dt.date(2018, 3, 1),
        actor_role="presidency",
        actor_name="The President of CSP4",
        kind="visit",
        summary="Internal summary",
        visibility="internal",
    )
    activity.states.set([nonparty])
    followup = FollowUp.objects.create(
        activity=activity, action="Send the model legislation", due_on=dt.date(2018, 4, 1)
    )
    attachment = Attachment(
        activity=activity,
        token=uuid.uuid4().hex,
        original_name="report.pdf",
        format="pdf",
        size=len(PDF),
        uploaded_by=secretariat,
    )
    attachment.file.save(f"{attachment.token}.pdf", ContentFile(PDF), save=True)
    with open(SAMPLE_CHECK, "rb") as sample:
        check = DepositaryCheck.objects.create(
            file_name="XXVI-8.en.2018-01-15.xml",
            content=sample.read(),
            as_of="2018-01-15",
            checked_by=secretariat,
        )
    plan = WorkPlan.objects.order_by("pk").first()
    document = Document.objects.filter(access=DocumentAccess.PUBLIC).order_by("pk").first()
    meeting_services.document_file_attach(
        document=document, language="en", upload=_pdf(), user=secretariat
    )
    internal_document = Document.objects.create(
        symbol="ATT/CSP4.WGTU/2018/INTERNAL.1",
        title="Internal note of the co-chairs",
        kind="other",
        access=DocumentAccess.INTERNAL,
        plan=plan,
    )
    meeting_services.document_file_attach(
        document=internal_document, language="en", upload=_pdf(), user=secretariat
    )
    agenda_item = AgendaItem.objects.order_by("pk").first()
    summary = Summary.objects.create(
        meeting=agenda_item.meeting, text="The final summary.", state="final"
    )
    presenter = Presenter.objects.create(
        agenda_item=agenda_item, state=state, title="The sample presentation"
    )
    cochair = personas["cochair"]
    calendar_secret = meeting_services.calendar_token_make(owner=cochair, user=cochair)
    person = UserFactory(username="pat.person", role=Role.DELEGATES)
    invited = UserFactory(username="ivy.invited", role=Role.DELEGATES)
    invited.set_unusable_password()
    invited.save(update_fields=["password"])
    return SimpleNamespace(
        state=state,
        action=state.actions.order_by("pk").first(),
        nonparty=nonparty,
        challenge=challenge,
        tag=tag,
        stage=stage,
        stage_entry=stage_entry,
        activity=activity,
        followup=followup,
        attachment=attachment,
        check=check,
        plan=plan,
        conference=plan.conference,
        calendar_secret=calendar_secret,
        calendar_token=CalendarToken.objects.get(user=cochair),
        meeting=agenda_item.meeting,
        bulk=BulkDownload.objects.create(
            user=secretariat,
            kind="meeting_reports",
            title="All three",
            params={"meeting": agenda_item.meeting.pk, "edition": "public"},
            total=3,
            done=3,
            status="ready",
            filename="reports.zip",
            content=b"PK\x05\x06" + bytes(18),
            confidential=False,
        ),
        agenda_item=agenda_item,
        summary=summary,
        presenter=presenter,
        plan_activity=PlanActivity.objects.order_by("pk").first(),
        topic=StandardTopic.objects.order_by("pk").first(),
        document=document,
        internal_document=internal_document,
        person=person,
        person_uid=urlsafe_base64_encode(force_bytes(person.pk)),
        person_token=default_token_generator.make_token(person),
        invited=invited,
        invited_uid=urlsafe_base64_encode(force_bytes(invited.pk)),
        invited_token=default_token_generator.make_token(invited),
    )


@pytest.fixture
def url_data(reference_data, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_url_data(personas)


@pytest.fixture
def role_clients(personas):
    """One client per role; a view's exception is answered as a 500, not raised in the test."""
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if personas[role] is not None:
            client.force_login(personas[role])
        clients[role] = client
    return clients


def ask(client, method, url):
    """One request in a savepoint that is rolled back, the client's cookies kept as they were
    (a POST to sign out must not sign the next request out)."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return finish(response)


def finish(response):
    """Read a streamed answer (a file download) to its end, so the test client closes it as a
    server would. (Calling response.close() again would send request_finished, which closes a
    PostgreSQL connection left inside the test's transaction.)"""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


# --- judging an answer -------------------------------------------------------------------------------


def _is_login_redirect(response, login_url) -> bool:
    return response.status_code == 302 and response["Location"].startswith(login_url)


def mismatch(rule: Access, role: str, method: str, response, login_url) -> str | None:
    """What is wrong with this answer under this decision (None: as decided)."""
    status = response.status_code
    allowed = role in (rule.get if method == "GET" else rule.post)
    supported = rule.methods in ("both", method.lower())
    if status >= 500:
        return f"server error {status}"
    if role == "anonymous" and not rule.public:
        return None if _is_login_redirect(response, login_url) else f"{status}, not sign-in"
    if _is_login_redirect(response, login_url) and not (allowed and rule.signs_out):
        return "sent to sign in"
    if not allowed:
        expected = {403} if supported else {403, 405}
        return None if status in expected else f"{status}, expected 403"
    if not supported:
        return None if status == 405 else f"{status}, expected 405 ({rule.methods} only)"
    if method == "GET":
        return None if status in rule.get_ok else f"{status}, expected {rule.get_ok}"
    return None if status in POST_OK else f"{status}, expected one of {sorted(POST_OK)}"


# --- tests ---------------------------------------------------------------------------------------------


def test_every_pattern_is_named():
    unnamed = [route for name, route, _pattern in project_patterns() if name is None]
    assert unnamed == [], "give every URL pattern a name so its access decision can be recorded"


def test_every_pattern_has_an_access_decision_and_a_sample():
    problems = []
    for name, route, pattern in project_patterns():
        if name is None:
            continue
        if decision(name) is None:
            problems.append(f"{name} (/{route}): no access decision in ACCESS")
        if takes_arguments(pattern) and name not in SAMPLES:
            problems.append(f"{name} (/{route}): no sample arguments in SAMPLES")
    assert problems == [], "tests/test_url_access.py:\n" + "\n".join(problems)


def test_decisions_and_samples_name_only_existing_patterns():
    names = {name for name, _route, _pattern in project_patterns()}
    assert sorted(set(ACCESS) - names) == []
    assert sorted(set(SAMPLES) - names) == []


@pytest.mark.django_db
def test_role_view_method_matrix_has_no_mismatch(url_data, role_clients, settings):
    login_url = reverse(settings.LOGIN_URL)
    mismatches = []
    checked = 0
    undecided = [name for name, _url in sample_urls(url_data) if decision(name) is None]
    if undecided:
        pytest.fail(
            "no access decision in tests/test_url_access.py ACCESS: " + ", ".join(undecided)
        )
    for name, url in sample_urls(url_data):
        rule = decision(name)
        for method in ("GET", "POST"):
            for role in ROLES:
                response = ask(role_clients[role], method, url)
                problem = mismatch(rule, role, method, response, login_url)
                checked += 1
                if problem:
                    mismatches.append(f"{name} {method} {url} as {role}: {problem}")
    assert mismatches == [], f"{len(mismatches)} mismatch(es):\n" + "\n".join(mismatches)
    assert checked >= 8 * 70


@pytest.mark.django_db
def test_the_admin_is_not_routed_in_production(client, client_for):
    """No portal role uses Django's admin: with debug off its sign-in page is not there."""
    for path in ("/admin/", "/admin/login/"):
        assert client.get(path).status_code in (302, 404), path
        assert client.get(path, follow=True).status_code == 404, path
    for role in ("delegate", "cochair", "secretariat"):
        assert client_for(role).get("/admin/").status_code == 404, role


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "delete", "patch", "trace"])
def test_every_url_answers_405_to_a_method_no_view_takes(url_data, role_clients, method):
    """PUT /states/ and the like: 405 with Allow, for every URL of the resolver, signed in or
    not (the JSON API answers its own 405, in JSON)."""
    problems = []
    for name, url in sample_urls(url_data):
        for role in ("anonymous", "secretariat"):
            response = getattr(role_clients[role], method)(url)
            if response.status_code != 405 or "Allow" not in response:
                problems.append(f"{name} {method.upper()} {url} as {role}: {response.status_code}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("rule", "role", "method", "status", "location"),
    [
        (page(INTERNAL), "delegate", "GET", 200, None),  # a role let in that should not be
        (page(INTERNAL), "anonymous", "GET", 200, None),  # a private page shown to anyone
        (form(SECRETARIAT), "secretariat", "POST", 403, None),  # the right role refused
        (form(SECRETARIAT), "secretariat", "POST", 405, None),  # a form that cannot be sent
        (page(SIGNED_IN), "cochair", "GET", 500, None),  # a server error
        (page(SIGNED_IN), "cochair", "GET", 302, "/accounts/login/"),  # signed in, sent to sign in
    ],
)
def test_the_matrix_reports_a_wrong_answer(rule, role, method, status, location):
    from django.http import HttpResponse

    response = HttpResponse(status=status)
    if location:
        response["Location"] = location
    assert mismatch(rule, role, method, response, "/accounts/login/") is not None
