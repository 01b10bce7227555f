from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views
from accounts.forms import LimitedPasswordResetForm

app_name = "accounts"


def patterns(*, person_sections=()):
    """The account URLs; `person_sections` are added to each account's page (PersonView)."""
    return [
        *_before_person,
        path(
            "people/<int:pk>/",
            views.PersonView.as_view(sections=tuple(person_sections)),
            name="person",
        ),
        *_after_person,
    ]


_before_person = [
    # Signing in and out, and passwords (Django's views, the portal's templates).
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=LimitedPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Public: an invited person sets their first password through the one-time link.
    path(
        "invitation/<uidb64>/<token>/",
        views.AcceptInvitationView.as_view(),
        name="accept_invitation",
    ),
    # Every account's own settings: the language and kinds of its e-mails.
    path("profile/", views.ProfileView.as_view(), name="profile"),
    # Account management (Secretariat: accounts.manage_accounts).
    path("people/", views.PeopleView.as_view(), name="people"),
    path("people/invite/", views.InviteView.as_view(), name="invite"),
]
_after_person = [
    path("people/<int:pk>/role/", views.PersonRoleView.as_view(), name="person_role"),
    path(
        "people/<int:pk>/deactivate/",
        views.PersonDeactivateView.as_view(),
        name="person_deactivate",
    ),
    path(
        "people/<int:pk>/reactivate/",
        views.PersonReactivateView.as_view(),
        name="person_reactivate",
    ),
    path(
        "people/<int:pk>/resend-invitation/",
        views.InvitationResendView.as_view(),
        name="invitation_resend",
    ),
]

urlpatterns = patterns()
