"""A document's `url` is a web address: http or https, nothing else (no `javascript:`, `data:`, `file:`)."""

from __future__ import annotations

from urllib.parse import urlsplit

SCHEMES = ("http", "https")


def is_web_url(value: str | None) -> bool:
    if not value:
        return False
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in SCHEMES and bool(parts.netloc) and not any(c in value for c in "\r\n\t<>\"")


def web_url_or_none(value: str | None) -> str | None:
    """The address if it is a web address; stored documents from before the check may hold anything."""
    return value.strip() if value and is_web_url(value) else None
