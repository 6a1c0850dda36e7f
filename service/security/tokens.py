"""`TokenStore`: named API tokens with a role, created and revoked by admins.

The secret (`zc_` + 43 url-safe characters, 256 bits) is shown once at creation; only its SHA-256 is
stored (a fast hash is enough for a random secret of this length; passwords are another matter). A
revoked token stops working at once. `ZHENGCE_ADMIN_TOKEN` stays a bootstrap admin token beside these.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select, update

from index.db import make_sessionmaker
from service.qa.models import Clock, as_utc, utc_now
from service.security.tables import ApiTokenRow

ADMIN, REVIEWER, PUSH_OPERATOR = "admin", "reviewer", "push"
TOKEN_ROLES = (ADMIN, REVIEWER, PUSH_OPERATOR)
ROLE_NAMES = {ADMIN: "管理员", REVIEWER: "审核员", PUSH_OPERATOR: "推送操作员"}
NAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")
PREFIX = "zc_"


class TokenError(ValueError):
    pass


class TokenNotFound(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"接口令牌不存在：{name}")


@dataclass(frozen=True)
class ApiToken:
    id: int
    name: str
    role: str
    prefix: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def _token(row: ApiTokenRow) -> ApiToken:
    return ApiToken(row.id, row.name, row.role, row.prefix, row.created_by, as_utc(row.created_at),
                    as_utc(row.revoked_at) if row.revoked_at else None,
                    as_utc(row.last_used_at) if row.last_used_at else None)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


class TokenStore:
    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self._sessions = make_sessionmaker(engine)
        self.clock = clock

    def create(self, name: str, role: str, created_by: str) -> tuple[ApiToken, str]:
        """A new token and its secret, which is not kept and cannot be shown again."""
        if not NAME.match(name):
            raise TokenError("令牌名称须为 2-64 位字母、数字或 _ . -")
        if role not in TOKEN_ROLES:
            raise TokenError(f"角色只能是 {'、'.join(TOKEN_ROLES)}")
        secret = PREFIX + secrets.token_urlsafe(32)
        with self._sessions() as db, db.begin():
            if db.scalar(select(ApiTokenRow.id).where(ApiTokenRow.name == name)) is not None:
                raise TokenError(f"令牌名称已存在：{name}")
            row = ApiTokenRow(name=name, role=role, token_hash=hash_secret(secret), prefix=secret[:8],
                              created_by=created_by[:64], created_at=self.clock())
            db.add(row)
            db.flush()
            return _token(row), secret

    def list(self) -> list[ApiToken]:
        with self._sessions() as db:
            return [_token(r) for r in db.scalars(select(ApiTokenRow).order_by(ApiTokenRow.name))]

    def revoke(self, name: str) -> ApiToken:
        with self._sessions() as db, db.begin():
            row = db.scalar(select(ApiTokenRow).where(ApiTokenRow.name == name))
            if row is None:
                raise TokenNotFound(name)
            row.revoked_at = row.revoked_at or self.clock()
            return _token(row)

    def any_active(self) -> bool:
        with self._sessions() as db:
            return db.scalar(select(ApiTokenRow.id).where(ApiTokenRow.revoked_at.is_(None)).limit(1)) is not None

    def resolve(self, secret: str) -> ApiToken | None:
        """The active token with this secret, or None."""
        if not secret.startswith(PREFIX):
            return None
        digest = hash_secret(secret)
        with self._sessions() as db, db.begin():
            row = db.scalar(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest))
            if row is None or row.revoked_at is not None:
                return None
            db.execute(update(ApiTokenRow).where(ApiTokenRow.id == row.id).values(last_used_at=self.clock()))
            return _token(row)
