"""The demo content of ``manage.py seed_demo``: data in ``data`` and ``english``, writes in the
other modules."""

from home.demo.accounts import DEMO_EDITORS, ensure_demo_admin, ensure_demo_editor
from home.demo.news import seed_news
from home.demo.services import seed_demo
from home.demo.translation import translate_demo

__all__ = [
    "DEMO_EDITORS",
    "ensure_demo_admin",
    "ensure_demo_editor",
    "seed_demo",
    "seed_news",
    "translate_demo",
]
