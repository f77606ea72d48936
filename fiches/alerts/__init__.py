"""Alerts: a visitor subscribes by e-mail to a catalogue search (double opt-in, no account) and
receives the fiches newly published that the catalogue returns for it (docs/alerts.md).

- ``tokens``: the signed links of the messages (confirmation, expiring; unsubscribe);
- ``selectors``: the subscriptions due and the new fiches of one, through the catalogue's own
  parser (``fiches.catalogue.facets.parse``) and selectors;
- ``services``: subscribe, confirm, unsubscribe, send the digests, purge the unconfirmed;
- ``emails``: the messages (text and HTML, with List-Unsubscribe and RFC 8058 one-click);
- ``forms``, ``views``: the public pages; ``tasks``: the django-tasks task of the digests
  (``manage.py send_alerts`` for cron).
"""
