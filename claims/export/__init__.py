"""Training-set export for ML engineers: rows, label aggregation, leakage-free splits, writers and the dataset card.

One service (`claims.export.service.export_dataset`) behind three doors: the `export_dataset`
command, the API's exports endpoint (an ExportJob run by the one job runner) and the export page.
"""
