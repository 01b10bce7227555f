import datetime as dt

from django.shortcuts import render

from states.models import State


def home(request):
    """The signed-in landing page: today's treaty status at a glance and the user's sections."""
    counts = State.objects.counts_on(dt.date.today())
    return render(request, "home.html", {"counts": counts})
