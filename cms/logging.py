"""Logging helpers: a request id on every record, and a JSON formatter for log collectors.

`LOG_FORMAT=json` turns every console line into one JSON object (timestamp, level, logger,
message, request id, exception), which log collectors index without parsing rules.
"""

import contextvars
import json
import logging
from datetime import UTC, datetime

# Set by cms.middleware.RequestIdMiddleware for the duration of a request; "-" outside one
# (management commands, the task worker, start-up).
request_id_var = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record so formatters can print it."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; extra attributes given with `extra=` are kept."""

    # Attributes every LogRecord has: the rest were passed by the caller through `extra=`.
    RESERVED = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
        "message",
        "asctime",
        "request_id",
        "request",
        "server_time",
    }

    def format(self, record):
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in self.RESERVED and key not in payload:
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str, ensure_ascii=False)


def logging_config(*, level="INFO", log_format="plain"):
    """The LOGGING dict: console output, plain or JSON, with the request id on each line."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "cms.logging.RequestIdFilter"}},
        "formatters": {
            "plain": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
            "json": {"()": "cms.logging.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if log_format == "json" else "plain",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # One line per background task and per page action is noise on the console.
            "django_tasks": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
        },
    }
