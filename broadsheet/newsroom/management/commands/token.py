"""``broadsheet token create|revoke|list``: API tokens for print systems (``newsroom.tokens``).

``create`` prints the token once; only its hash is kept. A token works on the newspapers it
names, and only while its user may upload to them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from broadsheet.core.migrations_check import require_migrated
from broadsheet.editions.models import Newspaper
from broadsheet.newsroom import tokens
from broadsheet.newsroom.models import ApiToken


class Command(BaseCommand):
    help = "Create, revoke or list the write API's tokens (one user's, for some newspapers)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a token and print it (shown only once)")
        create.add_argument("--user", required=True, help="user name the token acts as")
        create.add_argument(
            "--newspaper", action="append", required=True, help="newspaper slug (repeatable)"
        )
        create.add_argument("--name", default="", help="what the token is for, e.g. 方正飞腾")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix (bst_…)")
        revoke.add_argument("prefix")
        listing = sub.add_parser("list", help="list tokens (prefix, user, newspapers, state)")
        listing.add_argument("--user", default="")

    def handle(self, *args, action, **opts):
        require_migrated()
        {"create": self._create, "revoke": self._revoke, "list": self._list}[action](opts)

    def _create(self, opts) -> None:
        user = _user(opts["user"])
        papers = [_paper(slug) for slug in opts["newspaper"]]
        try:
            row, token = tokens.create(user, papers, opts["name"])
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(f"no token made: {exc}") from exc
        self.stdout.write(token)
        self.stderr.write(f"Token {row.prefix}… for {user} (shown once; only its hash is kept).")

    def _revoke(self, opts) -> None:
        try:
            row = tokens.revoke(opts["prefix"])
        except ApiToken.DoesNotExist as exc:
            raise CommandError(f"no token {opts['prefix']!r}") from exc
        self.stdout.write(f"Revoked {row.prefix}… ({row.user})")

    def _list(self, opts) -> None:
        rows = ApiToken.objects.select_related("user").prefetch_related("newspapers")
        if opts["user"]:
            rows = rows.filter(user__username=opts["user"])
        for row in rows:
            papers = ",".join(sorted(p.slug for p in row.newspapers.all()))
            state = "revoked" if row.revoked_at else "active"
            self.stdout.write(f"{row.prefix}…\t{row.user}\t{papers}\t{state}\t{row.name}")


def _user(name: str):
    try:
        return get_user_model().objects.get(username=name)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"no user {name!r}") from exc


def _paper(slug: str) -> Newspaper:
    try:
        return Newspaper.objects.get(slug=slug)
    except Newspaper.DoesNotExist as exc:
        raise CommandError(f"no newspaper {slug!r}") from exc
