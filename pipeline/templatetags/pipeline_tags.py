from django import template

from pipeline.models import StageEntry

register = template.Library()


@register.simple_tag
def state_stages(state, as_of=None, internal=False):
    """The state's stage entries (dated on or before `as_of`), oldest first, with their stage:
    every one for internal readers (Secretariat, Co-chairs), the public ones for anybody else.
    One query."""
    entries = StageEntry.objects.for_state(state).select_related("stage")
    if as_of:
        entries = entries.known_on(as_of)
    if not internal:
        entries = entries.public()
    return list(entries.history_order())
