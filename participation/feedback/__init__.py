"""The feedback domain: what citizens said, aggregated for the committee.

Per agenda item and per meeting, counted from the comments in SQL (aggregates.py): the dashboard
(`/meetings/<id>/feedback`), each item's printable brief, the citizens' feedback on a plan task across
meetings, and the themes of an item's approved comments, computed by a worker process of their own
(themes.py, worker.py). Sits above `comments` and below `record`, which includes the brief.
"""
