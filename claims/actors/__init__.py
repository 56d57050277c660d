"""Actors and their mentions: the one owner of actor matching.

`service` edits a project's actor list (save, delete, import); `matching` finds names and aliases
in text (no Django); `mentions` is the only way to match a project's text and to store mentions
(`matcher_for` takes the project's lock and reads its actor list, `write_mentions` COPYs the rows);
`rematch` makes the stored mentions follow a changed actor list, as a job. Import, curation and
re-match all go through `mentions`; nothing here imports claims.ingest.
"""
