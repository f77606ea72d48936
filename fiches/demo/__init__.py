"""The demo content of ``manage.py seed_demo``: data in ``data``, writes in the other modules."""

from fiches.demo.accounts import ensure_demo_admin
from fiches.demo.news import seed_news
from fiches.demo.services import seed_demo

__all__ = ["ensure_demo_admin", "seed_demo", "seed_news"]
