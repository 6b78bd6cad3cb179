"""Outreach (issue 16): the contacts of a site (contacts.py)."""
