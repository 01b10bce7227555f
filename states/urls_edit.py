"""The Secretariat's pages of the ledger (included by states/urls.py, namespace "states").

Every route has two segments or more, so none is caught by the public "<iso3>/" state page.
"""

from django.urls import path

from states.views import edit

urlpatterns = [
    path("import/upload/", edit.StatusImportView.as_view(), name="import"),
    path("import/confirm/", edit.status_import_confirm, name="import_confirm"),
    path("<str:iso3>/actions/add/", edit.ActionAddView.as_view(), name="action_add"),
    path("<str:iso3>/actions/<int:pk>/edit/", edit.ActionEditView.as_view(), name="action_edit"),
    path(
        "<str:iso3>/actions/<int:pk>/delete/", edit.ActionDeleteView.as_view(), name="action_delete"
    ),
]
