"""Who calls the API (bootstrap and per-person tokens), what every HTML page is sent with, what logs may say."""
