from django.urls import path

from meetings.views import (
    account_delegations,
    calendar,
    conferences,
    documents,
    edit,
    pages,
    participants,
    presenters,
    reports,
    summaries,
    translations,
)

app_name = "meetings"

urlpatterns = [
    path("", pages.PlanIndexView.as_view(), name="index"),
    # Work plans and their activities
    path("plans/new/", edit.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", pages.PlanDetailView.as_view(), name="plan"),
    path("plans/<int:pk>/edit/", edit.PlanUpdateView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/next/", edit.NextCycleView.as_view(), name="plan_next"),
    path(
        "plans/<int:plan_pk>/meetings/new/",
        edit.MeetingCreateView.as_view(),
        name="meeting_create",
    ),
    path(
        "plans/<int:plan_pk>/activities/new/",
        edit.ActivityCreateView.as_view(),
        name="activity_create",
    ),
    path("activities/<int:pk>/edit/", edit.ActivityUpdateView.as_view(), name="activity_edit"),
    # Meetings and their agendas
    path("<int:pk>/", pages.MeetingDetailView.as_view(), name="meeting"),
    path("<int:pk>/edit/", edit.MeetingUpdateView.as_view(), name="meeting_edit"),
    path(
        "<int:pk>/participants/import/",
        participants.ParticipantsImportView.as_view(),
        name="participants_import",
    ),
    path(
        "<int:pk>/participants/import/confirm/",
        participants.ParticipantsImportConfirmView.as_view(),
        name="participants_import_confirm",
    ),
    path("<int:pk>/calendar.ics", calendar.MeetingCalendarView.as_view(), name="meeting_ics"),
    # The meeting report (PDF): the contract's URL, ?lang=en|fr|es[&edition=internal]
    path("<int:pk>/report.pdf", reports.MeetingReportView.as_view(), name="report"),
    path(
        "<int:meeting_pk>/agenda/new/",
        edit.AgendaItemCreateView.as_view(),
        name="agenda_item_create",
    ),
    path(
        "agenda/<int:pk>/presenters/new/",
        presenters.PresenterCreateView.as_view(),
        name="presenter_create",
    ),
    path(
        "presenters/<int:pk>/edit/", presenters.PresenterUpdateView.as_view(), name="presenter_edit"
    ),
    path("agenda/<int:pk>/edit/", edit.AgendaItemUpdateView.as_view(), name="agenda_item_edit"),
    path("agenda/<int:pk>/move/", edit.AgendaItemMoveView.as_view(), name="agenda_item_move"),
    path("agenda/<int:pk>/delete/", edit.AgendaItemDeleteView.as_view(), name="agenda_item_delete"),
    # Summaries: Draft → Circulated for comments → Final
    path("<int:pk>/summary/new/", summaries.SummaryCreateView.as_view(), name="summary_create"),
    path("summaries/<int:pk>/", summaries.SummaryDetailView.as_view(), name="summary"),
    path("summaries/<int:pk>/edit/", summaries.SummaryEditView.as_view(), name="summary_edit"),
    path(
        "summaries/<int:pk>/circulate/",
        summaries.SummaryTransitionView.as_view(action="circulate"),
        name="summary_circulate",
    ),
    path(
        "summaries/<int:pk>/final/",
        summaries.SummaryTransitionView.as_view(action="final"),
        name="summary_final",
    ),
    path(
        "summaries/<int:pk>/comments/",
        summaries.SummaryCommentView.as_view(),
        name="summary_comment",
    ),
    # The delegation of a Delegate's account (shown on the account's page)
    path(
        "delegations/<int:pk>/",
        account_delegations.AccountDelegationView.as_view(),
        name="account_delegation",
    ),
    # Conferences of States Parties
    path("conferences/", conferences.ConferenceListView.as_view(), name="conferences"),
    path("conferences/new/", conferences.ConferenceCreateView.as_view(), name="conference_create"),
    path(
        "conferences/<int:number>/",
        conferences.ConferenceDetailView.as_view(),
        name="conference",
    ),
    path(
        "conferences/<int:number>/edit/",
        conferences.ConferenceUpdateView.as_view(),
        name="conference_edit",
    ),
    path(
        "conferences/<int:number>/calendar.ics",
        calendar.ConferenceCalendarView.as_view(),
        name="conference_ics",
    ),
    # Calendar feeds: the addresses, private feeds made and revoked
    path("calendar/", calendar.CalendarFeedsView.as_view(), name="calendar"),
    path("calendar/private/", calendar.CalendarTokenMakeView.as_view(), name="calendar_token"),
    path(
        "calendar/private/<int:pk>/revoke/",
        calendar.CalendarTokenRevokeView.as_view(),
        name="calendar_token_revoke",
    ),
    # Content in three languages: the side-by-side editor, the texts lacking a version
    path(
        "translations/missing/",
        translations.MissingTranslationsView.as_view(),
        name="translations_missing",
    ),
    path(
        "translations/<slug:kind>/<int:pk>/",
        translations.TranslationEditView.as_view(),
        name="translation_edit",
    ),
    # Standard topics
    path("topics/", pages.TopicListView.as_view(), name="topics"),
    path("topics/new/", edit.TopicCreateView.as_view(), name="topic_create"),
    path("topics/<slug:code>/", pages.TopicDetailView.as_view(), name="topic"),
    path("topics/<slug:code>/edit/", edit.TopicUpdateView.as_view(), name="topic_edit"),
    # Documents and their language versions
    path("documents/", documents.DocumentListView.as_view(), name="documents"),
    path("documents/new/", documents.DocumentCreateView.as_view(), name="document_create"),
    path("documents/<int:pk>/", documents.DocumentDetailView.as_view(), name="document"),
    path("documents/<int:pk>/edit/", documents.DocumentUpdateView.as_view(), name="document_edit"),
    path(
        "documents/<int:pk>/files/new/",
        documents.DocumentFileUploadView.as_view(),
        name="document_file_upload",
    ),
    path(
        "documents/<int:pk>/<str:language>/",
        documents.DocumentDownloadView.as_view(),
        name="document_download",
    ),
    path(
        "documents/<int:pk>/<str:language>/delete/",
        documents.DocumentFileDeleteView.as_view(),
        name="document_file_delete",
    ),
]
