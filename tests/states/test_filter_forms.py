"""states.filter_forms: a filter form's fields are rendered once per form, values shown and
language, and never shown for other values, another language or another day."""

import datetime as dt
from unittest import mock

from django.http import QueryDict
from django.utils import translation

from challenges.forms import HeatMapFilterForm
from states import filter_forms
from states.dates import AsOfForm

CHALLENGES = "challenges/includes/filter_fields.html"


def _count_renders():
    return mock.patch.object(filter_forms, "render_to_string", wraps=filter_forms.render_to_string)


def test_the_same_form_and_values_are_rendered_once():
    with _count_renders() as render:
        first = filter_forms.fields_html(AsOfForm(QueryDict("as_of=2018-05-31")))
        again = filter_forms.fields_html(AsOfForm(QueryDict("as_of=2018-05-31")))
    assert render.call_count == 1
    assert first == again and 'value="2018-05-31"' in first


def test_other_values_another_form_or_template_are_rendered_apart():
    with _count_renders() as render:
        may = filter_forms.fields_html(AsOfForm(QueryDict("as_of=2018-05-31")))
        march = filter_forms.fields_html(AsOfForm(QueryDict("as_of=2018-03-07")))
        heat = filter_forms.fields_html(HeatMapFilterForm(QueryDict("as_of=2018-05-31")))
        side = filter_forms.fields_html(AsOfForm(QueryDict("as_of=2018-05-31")), CHALLENGES)
    assert render.call_count == 4
    assert 'value="2018-03-07"' in march and 'value="2018-03-07"' not in may
    assert 'name="level"' in heat and 'name="level"' not in may
    assert side.count('class="col-auto"') == 1


def test_each_language_has_its_own_labels():
    form = HeatMapFilterForm(QueryDict("as_of=2018-05-31"))
    english = filter_forms.fields_html(form)
    with translation.override("fr"):
        french = filter_forms.fields_html(HeatMapFilterForm(QueryDict("as_of=2018-05-31")))
    assert "All regions" in english and "All regions" not in french
    assert "Toutes les régions" in french


def test_errors_belong_to_the_values_that_caused_them():
    bad = filter_forms.fields_html(AsOfForm(QueryDict("as_of=31/05/2018")))
    good = filter_forms.fields_html(AsOfForm(QueryDict("as_of=2018-05-31")))
    assert "YYYY-MM-DD, for example" in bad
    assert "for example" not in good


def test_an_unbound_form_is_kept_for_one_day():
    with _count_renders() as render:
        for day in (dt.date(2026, 12, 6), dt.date(2026, 12, 6), dt.date(2026, 12, 7)):
            with mock.patch("django.utils.timezone.localdate", return_value=day):
                filter_forms.fields_html(HeatMapFilterForm())
    assert render.call_count == 2
