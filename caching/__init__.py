"""Caching shared by every app: data versions (versions.py) and whole pages (pages.py).

The ground floor beside `accounts`: it imports Django only, so any app may use it.
"""
