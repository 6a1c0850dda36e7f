"""The FastAPI service, its CLI and the staff console."""
