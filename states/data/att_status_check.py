"""Cross-check counts from att_status.csv (stdlib only).  Usage: python att_status_check.py [YYYY-MM-DD ...]

Status on date D (same definitions as the portal):
  state_party            deposit_date <= D and entry_into_force_date <= D
  ratified_not_in_force  deposit_date <= D <  entry_into_force_date
  signatory              signature_date <= D, no deposit by D
  non_signatory          otherwise
"""

import collections
import csv
import datetime as dt
import pathlib
import sys

CSV = pathlib.Path(__file__).with_name("att_status.csv")
DEFAULT = ["2014-12-24", "2017-09-11", "2018-03-07", "2018-05-31", "2018-08-20", "2025-08-25"]


def status(row, day):
    if row["deposit_date"] and row["deposit_date"] <= day:
        return "state_party" if row["entry_into_force_date"] <= day else "ratified_not_in_force"
    if row["signature_date"] and row["signature_date"] <= day:
        return "signatory"
    return "non_signatory"


def main(days):
    rows = list(csv.DictReader(CSV.open(encoding="utf-8")))
    assert len(rows) == 196 and len({r["iso3"] for r in rows}) == 196
    for r in rows:  # Art. 22: in force 2014-12-24 if deposited by then, else deposit + 90 days
        if r["deposit_date"]:
            dep = dt.date.fromisoformat(r["deposit_date"])
            eif = (
                dt.date(2014, 12, 24)
                if dep <= dt.date(2014, 12, 24)
                else dep + dt.timedelta(days=90)
            )
            assert r["entry_into_force_date"] == eif.isoformat(), r["iso3"]
    print("date        state_party  ratified_not_in_force  deposited  signatory  non_signatory")
    for day in days:
        dt.date.fromisoformat(day)
        c = collections.Counter(status(r, day) for r in rows)
        print(
            f"{day}  {c['state_party']:11}  {c['ratified_not_in_force']:21}  "
            f"{c['state_party'] + c['ratified_not_in_force']:9}  {c['signatory']:9}  {c['non_signatory']:13}"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT)
