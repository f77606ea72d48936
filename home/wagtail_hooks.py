"""The home app's Wagtail hooks."""

from wagtail import hooks

from fiches.services import SEED_DEMO_HOOK
from home.demo import seed_home_demo

hooks.register(SEED_DEMO_HOOK, seed_home_demo)
