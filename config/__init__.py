"""Settings of the service: one pydantic-settings class, built once by `get_settings()`."""

from config.settings import Settings, get_settings

__all__ = ["Settings", "get_settings"]
