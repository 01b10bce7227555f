"""The fields of a filter form as crispy-forms renders them, kept between requests.

crispy-forms' rendering of a date or filter form was the largest part of a list page's render after
a write (the states list, a state's page, the heat map, the status page). These forms offer fixed
choices and show no record, so their HTML depends only on the form, the values it shows, today's
date (an unbound form, or a bound one given today's date by states.dates.bound_form) and the
language: it is kept by those, with no data version in its key. A form whose choices come from
the database must not be rendered through here.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from caching.fragments import cached
from states.dates import today

# {{ form|crispy }}: the whole form's fields, one below the other.
WHOLE_FORM = "states/includes/form_fields.html"


def fields_html(form, template: str = WHOLE_FORM) -> SafeString:
    """`template` rendered with {"form": form}, kept by the form's class, the values it shows
    (its bound data, or today's date for an unbound form) and the active language."""
    if form.is_bound:
        data = form.data
        shown = sorted(data.lists() if hasattr(data, "lists") else data.items())
    else:
        shown = [("unbound", today().isoformat())]
    kind = f"form-fields:{type(form).__module__}.{type(form).__qualname__}:{template}"
    html = cached("fixed", kind, shown, lambda: render_to_string(template, {"form": form}))
    return mark_safe(html)  # Safe: rendered by the template, which escapes.
