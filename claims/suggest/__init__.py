"""The suggestion engine: a transformer encoder with cold-start priors and heads learnt from the team's labels.

encoder (the model, loaded once per worker), wording and candidates (rules, no model), heads and
predict (scoring), labels, training and evaluation (learning and measuring), promotion (recording a
version, live only if better), finetune, inference (batch runs DB to DB), versions, and report
(the model page's data). The process boundary: runs is what web requests and enqueuing commands
call (with base_model and label_set, it imports nothing numerical); worker is what the Celery
worker runs. Nothing here loads the model in a web request.
"""
