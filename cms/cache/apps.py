from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "cms.cache"
    label = "pagecache"
    verbose_name = "Cache des pages"

    def ready(self):
        from . import signals

        signals.connect()
