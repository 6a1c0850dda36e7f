"""CSRF protection for every console form.

A logged-in staff member's forms carry the session's token (`csrf_token` field), checked against the
server-side session. The login form has no session yet: it uses a double-submit token, a random value
set both in a SameSite=Strict cookie and in the form, that must match.
"""

from __future__ import annotations

import hmac
import secrets

from service.console.errors import CsrfRejected

FIELD = "csrf_token"
LOGIN_COOKIE = "zc_login_csrf"


def verify(expected: str | None, supplied: object) -> None:
    """Raise `CsrfRejected` unless `supplied` is the expected token."""
    if not expected or not isinstance(supplied, str) or not supplied:
        raise CsrfRejected()
    if not hmac.compare_digest(expected.encode(), supplied.encode()):
        raise CsrfRejected()


def new_token() -> str:
    return secrets.token_urlsafe(32)
