"""A Markdown page read once: tables (rendered or not), callouts, links and sentences with positions.

May import: the catalog (diagnostics).
"""
