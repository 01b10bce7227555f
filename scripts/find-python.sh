#!/bin/sh
# Prints the path of a Python >= 3.12 (Django 6.1 needs it), or explains what is missing and fails.
# Order: $PYTHON, python3.13 / python3.12 / python3 that really run, then pyenv's installs.
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
    "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
    /usr/local/bin/python3.13 /usr/local/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do
    [ -n "$candidate" ] || continue
    if ok "$candidate"; then command -v "$candidate" 2>/dev/null || echo "$candidate"; exit 0; fi
done
echo "No Python >= 3.12 found (Django 6.1 needs it). Install one (e.g. 'apt-get install python3.12'" \
     "or pyenv), or name it: make run PYTHON=/path/to/python3.12" >&2
exit 1
