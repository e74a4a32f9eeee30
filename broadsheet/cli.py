"""The ``broadsheet`` console entry point.

Every job (demo, serve, ingest, search, reindex, export, admin tasks) is a
Django management command; this wrapper only fixes the settings module so a
newcomer never has to know about ``DJANGO_SETTINGS_MODULE``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    from broadsheet.core.privacy import private_umask

    private_umask()  # before anything is written: the data folder is private
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "broadsheet"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
