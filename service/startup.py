"""Checks made before `zhengce serve` opens its port: settings that break only when several instances run.

On PostgreSQL the service is meant to run as several instances (compose.yaml runs two), each on its
own disk. A console secret generated into one instance's data directory would sign cookies the others
reject, so staff would be logged out at random: such a start is refused until
`ZHENGCE_CONSOLE__SECRET_KEY` is set. SQLite means one host and one data directory, whose generated
secret every process on it shares, so nothing is required there.
"""

from __future__ import annotations

from config import Settings


class StartupRefused(Exception):
    """The service must not start with this configuration; the message says what to set."""


def several_instances_possible(settings: Settings) -> bool:
    return not settings.database_url.startswith("sqlite")


def check_startup(settings: Settings) -> None:
    secret = settings.console.secret_key
    if several_instances_possible(settings) and (secret is None or not secret.get_secret_value()):
        raise StartupRefused(
            "使用 PostgreSQL（可多实例）时必须配置控制台会话密钥：请设置 ZHENGCE_CONSOLE__SECRET_KEY"
            "（各实例相同，例如 python -c 'import secrets; print(secrets.token_urlsafe(48))' 的输出）。"
        )
