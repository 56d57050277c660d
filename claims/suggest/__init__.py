"""The suggestion engine: a transformer encoder with cold-start priors and heads learnt from the team's labels.

encoder (the model, loaded once per worker), wording and candidates (rules, no model), heads and
predict (scoring), labels, training and evaluation (learning and measuring), inference (batch
runs DB to DB), versions and runs (the services every door calls), report and charts (the model
page). Nothing here loads the model in a web request.
"""
