"""Logs never carry secrets or personal data.

Every log record's message is redacted when the record is made (a record factory, so it holds for every
logger and handler, httpx's request lines and uvicorn's access lines included):
- URLs lose their userinfo and query string (`https://***@host/robot/send?***`): webhook URLs of 钉钉 / 企业微信
  robots carry their access token there;
- bearer tokens, `zc_` API tokens, `whsec_` signing secrets, and the tokens in `/r/…`, `/unsubscribe/…` paths;
- ID, phone, bank card, social security and passport numbers (the recognizers of `index.privacy`).
Questions are logged as `question_ref` (length and a short hash), never as text.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable

from index.privacy import Analyzer, mask_text

_URL = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?:[^\s/@?#]*@)?(?P<rest>[^\s?#\"'<>]*)(?P<query>\?[^\s#\"'<>]*)?")
_SECRETS = (
    (re.compile(r"(?i)(bearer\s+)[^\s\"',;]+"), r"\1***"),
    (re.compile(r"\bzc_[A-Za-z0-9_\-]{8,}"), "zc_***"),
    (re.compile(r"\bwhsec_[A-Za-z0-9+/=]+"), "whsec_***"),
    (re.compile(r"(/(?:r|unsubscribe)/)[^\s/?#\"']+"), r"\1***"),
    (re.compile(r"(?i)((?:access_token|token|secret|password|key)=)[^\s&\"']+"), r"\1***"),
)
_analyzer = Analyzer(allow_contact_lines=False)


def _url(match: re.Match[str]) -> str:
    userinfo = "***@" if "@" in match.group(0).split("?", 1)[0] else ""
    query = "?***" if match.group("query") else ""
    return f"{match.group('scheme')}{userinfo}{match.group('rest')}{query}"


def redact(message: str) -> str:
    message = _URL.sub(_url, message)
    for pattern, replacement in _SECRETS:
        message = pattern.sub(replacement, message)
    return mask_text(message, _analyzer.analyze(message))


def question_ref(question: str) -> str:
    """How a log line names a question: its length and the first 12 hex digits of its SHA-256."""
    digest = hashlib.sha256(question.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{len(question)} chars, sha256:{digest}"


def _redact_arg(value: object) -> object:
    if value is None or isinstance(value, int | float):
        return value
    return redact(str(value))


_installed: list[Callable[..., logging.LogRecord]] = []


def install() -> None:
    """Wrap the log record factory once per process (idempotent)."""
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        # arguments one by one, so formatters that read them (uvicorn's access log) keep working
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _redact_arg(v) for k, v in record.args.items()}
        return record

    _installed.append(previous)
    logging.setLogRecordFactory(factory)
