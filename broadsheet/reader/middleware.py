"""The reader's language: Chinese unless the reader chose another.

Django's ``LocaleMiddleware`` follows the browser's Accept-Language, which
would turn a Chinese newspaper's interface English for every reader whose
browser happens to be set to English. Here the interface is in
``LANGUAGE_CODE`` (zh-hans) by default, and a reader switches it with the
language links in the footer (Django's ``set_language`` view, which sets the
language cookie).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
