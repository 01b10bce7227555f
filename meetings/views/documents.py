"""Documents: list, detail and downloads for readers; records and language files for the
Secretariat. Every lookup goes through Document.objects.visible_to(user): an internal document is
a 404 for a Delegate, whatever the URL."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, DetailView, ListView, UpdateView

from caching.headers import confidential
from meetings import services
from meetings.forms import DocumentContextForm, DocumentFileForm, DocumentForm
from meetings.models import Document, DocumentFile, Language
from meetings.views.edit import VersionedUpdateMixin
from meetings.views.mixins import (
    CreateWithMessageMixin,
    MeetingsReadMixin,
    SecretariatMixin,
)


def visible_documents(user):
    return Document.objects.visible_to(user)


class DocumentListView(MeetingsReadMixin, ListView):
    """The documents the reader may see. Queries: documents (with plan, meeting, parent), files."""

    template_name = "meetings/document_list.html"
    context_object_name = "documents"

    def get_queryset(self):
        return (
            visible_documents(self.request.user)
            .with_files()
            .select_related("plan", "meeting", "part_of")
        )


class DocumentDetailView(MeetingsReadMixin, DetailView):
    template_name = "meetings/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return (
            visible_documents(self.request.user)
            .with_files()
            .select_related("plan", "meeting", "part_of")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        context["versions"] = [
            {"code": code, "label": label, "file": document.file_for(code)}
            for code, label in Language.choices
        ]
        context["annexes"] = visible_documents(self.request.user).filter(part_of=document)
        return context


class DocumentDownloadView(MeetingsReadMixin, View):
    """A language version of a document the reader may see, as an attachment."""

    def get(self, request, pk, language):
        document = get_object_or_404(visible_documents(request.user), pk=pk)
        version = get_object_or_404(DocumentFile, document=document, language=language)
        try:
            handle = version.file.open("rb")
        except FileNotFoundError as missing:
            raise Http404(_("The file of this version is missing.")) from missing
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=version.download_name,
            content_type=version.content_type,
        )
        return confidential(response) if document.is_internal else response


def bad_request(request, form):
    """400: the query parameters of `form` name nothing that exists (each problem said)."""
    problems = [f"{name}: {error}" for name, errors in form.errors.items() for error in errors]
    return render(request, "400.html", {"problems": problems}, status=400)


class DocumentCreateView(CreateWithMessageMixin, CreateView):
    permission_required = "meetings.add_document"
    form_class = DocumentForm
    heading = gettext_lazy("New document")
    created_message = gettext_lazy("Document %(object)s created.")

    def get(self, request, *args, **kwargs):
        self.context_form = DocumentContextForm(request.GET)
        if not self.context_form.is_valid():
            return bad_request(request, self.context_form)
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        """?plan=<id> or ?meeting=<id> pre-selects what the document belongs to."""
        initial = {}
        chosen = getattr(self, "context_form", None)
        data = chosen.cleaned_data if chosen is not None and chosen.is_valid() else {}
        if meeting := data.get("meeting"):
            initial.update(meeting=meeting, plan=meeting.plan_id, date=meeting.date)
        if plan := data.get("plan"):
            initial["plan"] = plan
        return initial

    def get_success_url(self):
        return self.object.get_absolute_url() if self.object else reverse("meetings:documents")

    def get_cancel_url(self):
        return reverse("meetings:documents")


class DocumentUpdateView(VersionedUpdateMixin, UpdateView):
    permission_required = "meetings.change_document"
    form_class = DocumentForm
    heading = gettext_lazy("Edit document")
    queryset = Document.objects.all()

    def get_success_url(self):
        return self.object.get_absolute_url()


class DocumentFileUploadView(SecretariatMixin, View):
    """Attach (or replace) one language version. A refused file: the form again, with the
    reason, and nothing stored."""

    permission_required = "meetings.add_documentfile"
    template_name = "meetings/document_file_form.html"

    def get_document(self):
        return get_object_or_404(Document.objects.with_files(), pk=self.kwargs["pk"])

    def render_form(self, document, form, status=200):
        context = {
            "document": document,
            "form": form,
            "cancel_url": document.get_absolute_url(),
            "max_upload_bytes": settings.MAX_UPLOAD_BYTES,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        document = self.get_document()
        initial = {"language": request.GET.get("language", "en")}
        return self.render_form(document, DocumentFileForm(initial=initial))

    def post(self, request, pk):
        document = self.get_document()
        form = DocumentFileForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(document, form)
        language = form.cleaned_data["language"]
        services.document_file_attach(
            document=document,
            language=language,
            upload=form.cleaned_data["file"],
            user=request.user,
        )
        messages.success(
            request,
            _("%(language)s version of %(document)s saved.")
            % {"language": Language(language).label, "document": document.label},
        )
        return redirect(document.get_absolute_url())


class DocumentFileDeleteView(SecretariatMixin, View):
    """GET asks for confirmation, POST removes the language version and its stored file."""

    permission_required = "meetings.delete_documentfile"
    template_name = "meetings/confirm_delete.html"

    def get_version(self):
        return get_object_or_404(
            DocumentFile.objects.select_related("document"),
            # Through the document's key (document_id= skips the check of the integer's range:
            # /meetings/documents/<10**20>/en/delete/ was a server error).
            document__pk=self.kwargs["pk"],
            language=self.kwargs["language"],
        )

    def get(self, request, pk, language):
        version = self.get_version()
        context = {
            "object_label": _("the %(language)s version of %(document)s")
            % {"language": version.get_language_display(), "document": version.document.label},
            "cancel_url": version.document.get_absolute_url(),
        }
        return render(request, self.template_name, context)

    def post(self, request, pk, language):
        version = self.get_version()
        document = version.document
        services.document_file_remove(version=version, user=request.user)
        messages.success(
            request,
            _("%(language)s version of %(document)s removed.")
            % {"language": version.get_language_display(), "document": document.label},
        )
        return redirect(document.get_absolute_url())
