"""Entry point: `flask --app app ...`, WSGI servers (`app:app`) and `python app.py` (the Socket.IO server,
with the themes worker beside it).

Run directly, it serves with gevent; gevent must patch the standard library before anything else
imports it, hence the patch above the imports.
"""
if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()

from participation import create_app  # noqa: E402
from participation.extensions import socketio  # noqa: E402

app = create_app()

if __name__ == "__main__":
    from participation.feedback.worker import beside_server
    from participation.serving import NoDelayHandler, stop_on_sigterm, tune_gc

    stop_on_sigterm(socketio)
    tune_gc()
    with beside_server(app):  # the themes worker, a process of its own (unless THEMES_WORKER is off)
        # log_output off: the app writes its own JSON access log (participation/core/logs.py).
        socketio.run(app, host=app.config["HOST"], port=app.config["PORT"], handler_class=NoDelayHandler,
                     log_output=False)
