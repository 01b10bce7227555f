"""Uploaded documents: the one validator of every file the portal stores (meeting documents and
outreach attachments). The ground floor beside `accounts` and `caching`: it imports Django only."""
