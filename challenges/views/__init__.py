"""The challenges pages: reads (Secretariat and Co-chairs) and edits (Secretariat)."""

from challenges.views.edits import (
    BulkTagView,
    ChallengeCreateView,
    ChallengeEditView,
    ChallengeRetireView,
    ChallengeUnretireView,
    TagCloseView,
    TagCreateView,
    TagEditView,
    TagReopenView,
)
from challenges.views.reads import (
    ChallengeDetailView,
    HeatMapView,
    IndexView,
    StateProfileView,
    TagDetailView,
    TagExportView,
    TagListView,
)

__all__ = [
    "BulkTagView",
    "ChallengeCreateView",
    "ChallengeDetailView",
    "ChallengeEditView",
    "ChallengeRetireView",
    "ChallengeUnretireView",
    "HeatMapView",
    "IndexView",
    "StateProfileView",
    "TagCloseView",
    "TagCreateView",
    "TagDetailView",
    "TagEditView",
    "TagExportView",
    "TagListView",
    "TagReopenView",
]
