"""Behind nginx (TLS ended there) the doors' absolute URLs say https, with the setting only."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.doors.helpers import NS, load, xml

pytestmark = pytest.mark.django_db
# What the nginx of docs/deploy.md passes on: the Host and the scheme it saw.
PROXY = {"HTTP_HOST": "epaper.example.com", "HTTP_X_FORWARDED_PROTO": "https"}
SITE = "https://epaper.example.com"


def proxy_header_setting(env: dict) -> str:
    code = (
        "from django.conf import settings; "
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "broadsheet.settings", **env}
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_the_setting_trusts_x_forwarded_proto_only_when_asked():
    trusted = proxy_header_setting({"BROADSHEET_BEHIND_PROXY": "1"})
    assert trusted == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert proxy_header_setting({"BROADSHEET_BEHIND_PROXY": "0"}) == "None"


def test_behind_the_proxy_feeds_sitemaps_and_canonical_links_say_https(client, tmp_path, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["epaper.example.com"]
    load(tmp_path)
    index = xml(client, "/sitemap.xml", **PROXY)
    assert index.findtext("sm:sitemap/sm:loc", namespaces=NS).startswith(f"{SITE}/")
    articles = xml(client, "/sitemap-chenbao-2024.xml", **PROXY)
    assert articles.findtext("sm:url/sm:loc", namespaces=NS).startswith(f"{SITE}/")
    channel = xml(client, "/chenbao/feed.rss", **PROXY).find("channel")
    assert channel.findtext("link") == f"{SITE}/chenbao/"
    assert channel.findtext("item/guid").startswith(f"{SITE}/chenbao/2024-03-01/")
    page = client.get("/chenbao/2024-03-01/01/1/", **PROXY).content.decode()
    assert f'<link rel="canonical" href="{SITE}/chenbao/2024-03-01/01/1/">' in page
