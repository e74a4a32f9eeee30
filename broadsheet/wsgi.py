"""WSGI entry point for gunicorn: ``gunicorn broadsheet.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from broadsheet.core.privacy import private_umask

private_umask()  # before anything is written: the data folder is private
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
application = get_wsgi_application()

from broadsheet.search import follow  # noqa: E402  (needs the settings loaded above)

follow.start()  # this host's search index follows the change log (docs/deploy.md)

from django.urls import get_resolver  # noqa: E402

# Import every view now, while the worker boots: done by the first request instead,
# it took that reader 2-4 s (the API's schemas, the desk, the admin).
get_resolver().url_patterns  # noqa: B018
