"""The data folder is private: it holds drafts, password hashes and the secret key.

Under a usual umask (022) the database was created readable by every user of
the machine (0644) and media folders listable by all (0755). Every entry
point (the ``broadsheet`` command, the WSGI module gunicorn loads) therefore
sets ``UMASK`` first, so whatever the app creates is its owner's alone, and
the settings give media files to the owner's group only (``MEDIA_FILE_MODE``,
``MEDIA_FOLDER_MODE``), the group nginx joins to send them (docs/deploy.md).
The data folder lets that group pass through to ``media/`` but not list it.
"""

from __future__ import annotations

import os
from pathlib import Path

UMASK = 0o077
DATA_FOLDER_MODE = 0o710
MEDIA_FILE_MODE = 0o640
MEDIA_FOLDER_MODE = 0o750


def private_umask() -> None:
    """Files and folders created from now on are the owner's alone."""
    os.umask(UMASK)


def make_data_folder(path: Path) -> None:
    """Create the data folder (and its parents) if missing, with ``DATA_FOLDER_MODE``.

    An existing folder is left as the operator set it.
    """
    if path.is_dir():
        return
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(DATA_FOLDER_MODE)
