"""gunicorn settings of one Open Session process (deploy/serve.py starts one gunicorn per process).

One gevent worker per gunicorn, as Flask-SocketIO's deployment guide says: a Socket.IO session lives in
the memory of one process, so the load balancer in front (nginx) chooses the process, never gunicorn.
Under gunicorn, simple-websocket uses gunicorn's socket as it is (one descriptor per viewer, not two as
under gevent's own server), and gunicorn sets TCP_NODELAY itself.
"""
import os

worker_class = "gevent"
workers = 1
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "15000"))  # viewers one process may hold
keepalive = 75
graceful_timeout = 10
timeout = 60  # gevent workers notify the arbiter from their own greenlet: only a stuck hub trips this
accesslog = None  # the app writes its own JSON access log (participation/core/logs.py)
errorlog = "-"
proc_name = "open-session"
# Several gunicorns run on one machine (one per process): each would claim the same control socket
# ($HOME/.gunicorn/gunicorn.ctl); nothing here uses it.
control_socket_disable = True


def post_worker_init(worker) -> None:
    """The worker has loaded the app: tune the garbage collector as `python app.py` does."""
    from participation.serving import tune_gc

    tune_gc()
