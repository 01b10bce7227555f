"""Outreach pages: the log and its export, activities, timelines, coverage, follow-ups."""

from outreach.views.edit import (
    ActivityCreateView,
    ActivityDeleteView,
    ActivityUpdateView,
    FollowUpDoneView,
)
from outreach.views.log import (
    ActivityDetailView,
    ActivityExportView,
    ActivityLogView,
    AttachmentDownloadView,
    StateTimelineView,
)
from outreach.views.reports import CoverageView, FollowUpListView, MyFollowUpsView

__all__ = [
    "ActivityCreateView",
    "ActivityDeleteView",
    "ActivityDetailView",
    "ActivityExportView",
    "ActivityLogView",
    "ActivityUpdateView",
    "AttachmentDownloadView",
    "CoverageView",
    "FollowUpDoneView",
    "FollowUpListView",
    "MyFollowUpsView",
    "StateTimelineView",
]
