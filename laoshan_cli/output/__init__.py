"""Turning results into text: terminal facts, number formatting, tables, JSON, CSV, JUnit, graphs, snapshots.

It imports core and loading, never cli. rich is imported only where a table or
tree is drawn.
"""
