"""The version of the article parser, stored on every source it reads (Source.parser_version).

Bump it whenever a structure rule changes what a text is parsed into, so that sources read by an
older parser can be found and re-read.
"""

PARSER_VERSION = "2.3"
