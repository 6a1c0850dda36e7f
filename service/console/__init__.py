"""The staff review console at `/console`: accounts and sessions, audit log, relevance labels, statistics.

Pages live in `service/console/routes/`, templates in `service/templates/console/`, the stylesheet in
`service/static/`. Roles are described in `service/console/permissions.py`.
"""
