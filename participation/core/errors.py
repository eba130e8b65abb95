"""Error pages: one handler per HTTP error, answering HTML or JSON by what the client accepts."""
from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from participation.core.services import NotFound


def _messages() -> dict[int, str]:
    return {
        400: _("The request could not be understood."),
        403: _("You do not have permission to open this page."),
        404: _("The page you are looking for does not exist or is not public."),
        405: _("This address does not accept that kind of request."),
        413: _("The upload is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Nothing you sent was lost; please try again."),
    }


# The stable `code` of a JSON error (the API documents them): clients branch on it, not on the message.
CODES = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         413: "too_large", 422: "invalid_parameter", 429: "rate_limited", 500: "server_error"}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return request.path.startswith("/api/") or (
        best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def _respond(status: int, message: str, code: str | None = None, **extra):
    if wants_json():
        body = {"code": code or CODES.get(status, "error"), "status": status, "message": message, **extra}
        return jsonify(error=body), status
    return render_template("errors/error.html", status=status, message=message), status


def handle_http_error(error: HTTPException):
    status = error.code or 500
    message = _messages().get(status, error.description or "")
    if status == 429 and getattr(error, "retry_after", None):
        message = _("Too many attempts. Please try again in %(seconds)s seconds.", seconds=error.retry_after)
    data = getattr(error, "data", None) or {}  # webargs' abort: the parameters that failed, by name
    if status == 422 and data.get("messages"):
        message = _("Some parameters are not valid: %(names)s.",
                    names=", ".join(sorted(name for errors in data["messages"].values() for name in errors)))
        return _respond(status, message, errors=data["messages"])
    return _respond(status, message)


def handle_not_found(error: NotFound):
    """A lookup of the domains found nothing the user may see: the page does not exist for them."""
    return _respond(404, _messages()[404])


def handle_csrf_error(error: CSRFError):
    return _respond(400, _("The form expired or was sent from another site. Please reload the page and try again."),
                    code="csrf_failed")


def handle_unexpected(error: Exception):
    from flask import current_app

    from participation.extensions import db

    db.session.rollback()
    current_app.logger.exception("unhandled error")
    return _respond(500, _messages()[500])


def register(app) -> None:
    """Attach the handlers to the app."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(NotFound, handle_not_found)
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
