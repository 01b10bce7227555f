"""The calendar feeds at the root of the site (namespace "calendar"): /calendar.ics (public) and
/calendar/<secret>.ics (an account's private feed)."""

from django.urls import path

from meetings.views import calendar

app_name = "calendar"

urlpatterns = [
    path("calendar.ics", calendar.public_feed, name="feed"),
    path("calendar/<str:token>.ics", calendar.private_feed, name="private"),
]
