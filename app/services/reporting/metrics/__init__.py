"""Figures the council reads (số liệu báo cáo): one definition each, computed from the event log as of any date.

`snapshot` rebuilds every item as it stood at the end of a day (state, lead agency, due date, result category,
first transfer, first answer) from `petition_event`; `figures` defines each figure once as an SQL aggregate over
that snapshot; `items` selects the items behind a figure for the lists and appendices. Every report, card,
dashboard chart, spreadsheet and JSON reads these, and docs/METRICS.md states each definition.
"""
