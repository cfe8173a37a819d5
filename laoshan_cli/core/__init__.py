"""The pure engine: numbers, units, bounds, formulas, the bounds policy, the data model and evaluation.

Nothing here imports click, rich, sqlite3 or the layers above (loading, output,
cli), prints or exits; every failure is a `LaoshanError`. tests/test_layers.py
proves it.
"""
