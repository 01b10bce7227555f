from django import template

from depositary.models import StateDeclaration

register = template.Library()


@register.simple_tag
def state_declarations(state, as_of=None):
    """The state's declarations, reservations and depositary notes (known on `as_of`). One query."""
    declarations = StateDeclaration.objects.filter(state=state)
    if as_of:
        declarations = declarations.known_on(as_of)
    return list(declarations.order_by("position", "pk"))


@register.filter
def difference_class(difference):
    """The table row's class for a difference: conflicts and removals stand out."""
    return {"change": "table-warning", "remove": "table-danger"}.get(difference.what, "")


@register.filter
def difference_label(difference):
    """What kind of difference this is, in words."""
    from django.utils.translation import gettext

    return {
        "add": gettext("In the file, not in the portal"),
        "remove": gettext("In the portal, not in the file"),
        "change": gettext("Conflict: another date or type"),
    }[difference.what]
