"""Entry point: `flask --app app ...`, WSGI servers (`app:app`) and `python app.py` (Socket.IO server)."""
from participation import create_app
from participation.extensions import socketio

app = create_app()

if __name__ == "__main__":
    socketio.run(app, host=app.config["HOST"], port=app.config["PORT"])
