"""Curation: editors correct what the importer got wrong (metadata, segment kinds, splits, merges) and re-parse."""
