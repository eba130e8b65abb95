"""`flask --app app feedback ...`: the themes worker, and one item's themes computed at once.

- `feedback worker [--once] [--interval S]`: the worker process (worker.py); `python app.py` starts
  one beside the server. `--once` computes every job waiting now and exits.
- `feedback themes --item ID [--dry-run]`: compute the item's themes now, store them (unless
  `--dry-run`) and print them with their representative comments' public text.
- `feedback recount`: rebuild the dashboard's counters from the comments (counters.py).
"""
from __future__ import annotations

import click
from flask.cli import AppGroup

from participation.core.transactions import write_transaction
from participation.extensions import db
from participation.feedback import counters, worker
from participation.meetings.models import AgendaItem

feedback_cli = AppGroup("feedback", help="The feedback of agenda items: themes, their worker, the counters.")


@feedback_cli.command("worker")
@click.option("--once", is_flag=True, help="Compute every job waiting now, then exit.")
@click.option("--interval", type=click.FloatRange(min=0.05), default=worker.DEFAULT_INTERVAL, show_default=True,
              help="Seconds between two looks at an empty queue.")
@click.option("--parent-pid", type=int, hidden=True, help="Stop when this parent process is gone.")
def worker_command(once: bool, interval: float, parent_pid: int | None):
    """Compute the themes that the queue asks for, until SIGTERM or SIGINT."""
    name = worker.worker_name()
    if once:
        click.echo(f"themes computed for {worker.drain(name)} items")
        return
    worker.serve(name, interval=interval, parent_pid=parent_pid)


def _show(item: AgendaItem, results: list, comments: list[tuple[int, str]]) -> None:
    texts = dict(comments)
    click.echo(f"item {item.id} ({item.title}): {len(comments)} approved comments, {len(results)} themes")
    for rank, result in enumerate(results, start=1):
        click.echo(f"{rank}. {', '.join(result.terms)} ({result.size} comments)")
        for comment_id in result.representative_ids:
            click.echo(f"   #{comment_id} {' '.join(texts[comment_id].split())[:100]}")


@feedback_cli.command("themes")
@click.option("--item", "item_id", type=int, required=True, help="The agenda item.")
@click.option("--dry-run", is_flag=True, help="Print the themes; store nothing.")
def themes_command(item_id: int, dry_run: bool):
    """Compute one item's themes now and print them."""
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        raise click.ClickException(f"no agenda item {item_id}")
    comments = worker.approved_comments(item_id)
    results = worker.compute(comments)
    if not dry_run:
        with write_transaction():
            worker.store(item_id, results, len(comments))
            db.session.commit()
    _show(item, results, comments)


@feedback_cli.command("recount")
def recount_command():
    """Rebuild the dashboard's counters from the comments (they are kept by triggers; this repairs)."""
    with write_transaction():
        counters.recount(db.session.connection())
        db.session.commit()
    click.echo("counters rebuilt from the comments")


def register(app) -> None:
    app.cli.add_command(feedback_cli)
