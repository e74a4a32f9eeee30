"""``broadsheet search QUERY``: the reader's search from the console; ``--check`` for drift.

The same service as the web page and ``/api/v1/search``: ``--json`` prints
``{"total": N, "hits": [{"kind", "newspaper", "date", "page", "headline", "url",
"snippet", ...}, ...]}`` (the API's hits: an article, or a page without articles).
``--check`` compares the index with the database and exits non-zero when they differ.
"""

from __future__ import annotations

import json
import re

from django.core.management.base import BaseCommand, CommandError

from broadsheet.core.migrations_check import require_migrated
from broadsheet.search import service
from broadsheet.search.params import SORT_ALIASES, from_mapping
from broadsheet.search.query import QueryError

_TAGS = re.compile(r"</?mark>")


class Command(BaseCommand):
    help = "Search published articles, as readers do; or check the index against the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "query", nargs="?", default="", help='e.g. 香港 回归, "改革开放", -体育'
        )
        parser.add_argument("--newspaper", default="", help="only this newspaper (slug)")
        parser.add_argument("--from", dest="date_from", default="", help="first date, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", default="", help="last date, YYYY-MM-DD")
        parser.add_argument("--page-label", default="", help="only this page label (e.g. 01)")
        parser.add_argument("--sort", default="relevance", choices=sorted(SORT_ALIASES))
        parser.add_argument("--limit", type=int, default=20, help="hits to print (1-100)")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--check", action="store_true", help="report drift between index and database"
        )

    def handle(self, *args, **opts):
        require_migrated()
        if opts["check"]:
            return self._check(opts["json"])
        if not opts["query"].strip():
            raise CommandError("give a QUERY (or --check)")
        page = self._search(opts)
        if opts["json"]:
            data = page.as_dict()
            self.stdout.write(json.dumps({"total": data["total"], "hits": data["hits"]},
                                         ensure_ascii=False, indent=1))  # fmt: skip
            return
        self.stdout.write(f"{page.total} result(s)")
        for hit in page.hits:
            self.stdout.write(f"{hit.date} {hit.newspaper} {hit.page}  {hit.headline}  {hit.url}")
            self.stdout.write("    " + _TAGS.sub("*", str(hit.snippet)))

    def _search(self, opts) -> service.SearchPage:
        raw = {
            "q": opts["query"],
            "paper": opts["newspaper"],
            "from": opts["date_from"],
            "to": opts["date_to"],
            "page_label": opts["page_label"],
            "sort": opts["sort"],
            "per_page": opts["limit"],
        }
        try:
            return service.search(from_mapping(raw))
        except QueryError as exc:
            raise CommandError(exc.message) from exc

    def _check(self, as_json: bool) -> None:
        drift = service.check()
        if as_json:
            self.stdout.write(json.dumps(drift.as_dict()))
        else:
            self.stdout.write(_describe(drift))
        if not drift.in_step:
            raise CommandError("search index differs from the database (run: broadsheet reindex)")


def _describe(drift) -> str:
    lines = [
        f"{drift.documents} document(s) expected; change log at #{drift.head}, "
        f"this index at #{drift.cursor}, {drift.pending} row(s) pending"
    ]
    for name in ("missing", "extra", "stale"):
        ids = getattr(drift, name)
        sample = ", ".join(map(str, ids[:10])) + (" …" if len(ids) > 10 else "")
        lines.append(f"{name}: {len(ids)}" + (f" (document keys {sample})" if ids else ""))
    lines.append("in step" if drift.in_step else "DRIFT")
    return "\n".join(lines)
