"""Annotating: the work queue, saving annotations with their claims, and their history.

The web form and the REST API call the same services here; both get the same validation.
"""
