"""Review: disagreements, gold decisions, agreement, propositions across sources, conflicts, the stance map.

One service per concern; the web pages (claims.web.review), the API (claims.api.review), the commands
and the proposal job all call them. Only editors and managers reach any of it.
"""
