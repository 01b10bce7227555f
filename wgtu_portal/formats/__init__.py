"""The portal's date and time formats, per language (settings.FORMAT_MODULE_PATH).

Treaty practice writes a date as day, month in words, year: "24 September 2013",
"24 septembre 2013", "24 de septiembre de 2013", whatever the format asked for (DATE_FORMAT or
SHORT_DATE_FORMAT), so no page shows "Sept. 24, 2013" or "12/06/2026". A date and time names its
time zone ("24 September 2013, 14:05 UTC"). Dates people type are ISO 8601 (YYYY-MM-DD) in every
language (states.dates). Machine-readable outputs (the API, CSV and Excel cells) keep ISO dates
and do not go through these formats.
"""
