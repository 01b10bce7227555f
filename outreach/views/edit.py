"""Recording, editing and deleting activities, and marking follow-ups done (Secretariat).

Each write is one service call (outreach/services.py, one transaction); a ValidationError from
the service is shown on the form again, with everything typed still there.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from outreach import selectors, services
from outreach.forms import ActivityEditor
from outreach.views.mixins import OutreachWriteMixin
from states.versioning import StaleEdit, StaleEditMixin

FORM_TEMPLATE = "outreach/activity_form.html"


class ActivityCreateView(OutreachWriteMixin, View):
    permission_required = "outreach.add_outreachactivity"

    def get(self, request):
        return render(request, FORM_TEMPLATE, {"editor": ActivityEditor()})

    def post(self, request):
        editor = ActivityEditor(request.POST, request.FILES)
        if editor.is_valid():
            try:
                activity = services.activity_create(user=request.user, **editor.service_kwargs())
            except ValidationError as exc:
                editor.add_error(None, exc)
            else:
                messages.success(request, _("The activity was recorded."))
                return redirect(activity)
        return render(request, FORM_TEMPLATE, {"editor": editor})


class ActivityUpdateView(OutreachWriteMixin, StaleEditMixin, View):
    permission_required = "outreach.change_outreachactivity"
    version_key = "activity-version"

    def get(self, request, pk):
        activity = selectors.activity_for(request.user, pk)
        return self.page(ActivityEditor(instance=activity), activity)

    def post(self, request, pk):
        activity = selectors.activity_for(request.user, pk)
        editor = ActivityEditor(request.POST, request.FILES, instance=activity)
        if editor.is_valid():
            try:
                services.activity_update(
                    activity=activity, user=request.user, **editor.service_kwargs()
                )
            except StaleEdit as stale:
                return self.stale(stale)
            except ValidationError as exc:
                editor.add_error(None, exc)
            else:
                messages.success(request, _("The activity was saved."))
                return redirect(activity)
        current = selectors.activity_for(request.user, pk)
        stale = self.stale_first(editor.form, current, fields=services.ACTIVITY_FIELDS)
        return stale or self.page(editor, activity)

    def stale_form(self, data, current):
        # Keep what was typed, now based on the current version: saving again is a deliberate
        # choice made after reading what changed.
        return ActivityEditor(
            data, self.request.FILES, instance=selectors.activity_for(self.request.user, current.pk)
        )

    def stale_page(self, form, current):
        return self.page(form, current)

    def page(self, editor, activity):
        return render(self.request, FORM_TEMPLATE, {"editor": editor, "activity": activity})


class ActivityDeleteView(OutreachWriteMixin, View):
    """GET: the confirmation page (saying how many challenge tags stay); POST: delete."""

    permission_required = "outreach.delete_outreachactivity"

    def get(self, request, pk):
        activity = selectors.activity_for(request.user, pk)
        return render(
            request,
            "outreach/activity_confirm_delete.html",
            {
                "activity": activity,
                "tag_count": activity.challenge_tags.count(),
                "followup_count": activity.followups.count(),
                "attachment_count": activity.attachments.count(),
            },
        )

    def post(self, request, pk):
        activity = selectors.activity_for(request.user, pk)
        kept = services.activity_delete(activity=activity, user=request.user)
        messages.success(
            request,
            ngettext(
                "The activity was deleted. The %(n)d challenge tag it noted is kept.",
                "The activity was deleted. The %(n)d challenge tags it noted are kept.",
                kept,
            )
            % {"n": kept},
        )
        return redirect("outreach:index")


class FollowUpDoneView(OutreachWriteMixin, View):
    """POST: mark a follow-up done today; back to the page it was marked from."""

    permission_required = "outreach.change_followup"
    http_method_names = ["post", "options"]

    def post(self, request, pk):
        followup = selectors.followup_for(request.user, pk)
        try:
            services.followup_mark_done(followup=followup, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Follow-up marked done: %(action)s") % {"action": followup.action}
            )
        target = request.POST.get("next", "")
        # A path of this site, never a view name: redirect("9999-10-01") looked one up and
        # answered 500 (NoReverseMatch).
        if not target.startswith("/") or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("outreach:activity", args=[followup.activity_id])
        return redirect(target)
