"""The article parser's version: stored on each source, compared by reparse_sources to find stale ones."""

# Raise it whenever a change to the rules could segment or classify a stored text differently.
PARSER_VERSION = "1"
