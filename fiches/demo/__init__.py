"""The demo content of ``manage.py seed_demo``: data in ``data`` and ``english``, writes in the
other modules."""

from fiches.demo.accounts import DEMO_EDITORS, ensure_demo_admin, ensure_demo_editor
from fiches.demo.news import seed_news
from fiches.demo.services import seed_demo
from fiches.demo.translation import translate_demo

__all__ = [
    "DEMO_EDITORS",
    "ensure_demo_admin",
    "ensure_demo_editor",
    "seed_demo",
    "seed_news",
    "translate_demo",
]
