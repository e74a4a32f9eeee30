"""The registry of input formats, by name.

``--format auto`` asks them in this order and takes the first that recognises
a source: the bundle first (a folder or zip with ``edition.json``), then an
NDNP batch folder (a batch file naming issue METS), then a folder with an
article-segmented issue METS (METS/ALTO), then an
iArchives export (a ``unit.xml`` in its namespace), then an Olive issue (a ``TOC.xml``
beside a ``Document`` folder), then a saved 数字报 site (a folder
with ``node_N.htm`` 版面 pages somewhere inside), then a folder or zip of
page PDFs named by label, then a PDF of a whole edition, the
XML wire formats by their root element, then the line formats by their first
line (a PFR paragraph ID before a JSON object).
"""

from __future__ import annotations

from .base import EditionFormat, IngestOptions
from .bundle_source import BundleSourceFormat
from .edition_pdf import EditionPdfFormat
from .iarchives import IArchivesFormat
from .jsonl import JsonLinesFormat
from .legacy_site import LegacySiteFormat
from .mets_alto import MetsAltoFormat
from .ndnp import NdnpFormat
from .newsml1 import NewsMl1Format
from .newsml_g2 import NewsMlG2Format
from .nitf import NitfFormat
from .olive import OliveFormat
from .pdf_pages import PdfPagesFormat
from .pfr import PfrFormat

_IN_ORDER: list[EditionFormat] = [
    BundleSourceFormat(),
    NdnpFormat(),
    MetsAltoFormat(),
    IArchivesFormat(),
    OliveFormat(),
    LegacySiteFormat(),
    PdfPagesFormat(),
    EditionPdfFormat(),
    NewsMlG2Format(),
    NewsMl1Format(),
    NitfFormat(),
    PfrFormat(),
    JsonLinesFormat(),
]
FORMATS: dict[str, EditionFormat] = {f.name: f for f in _IN_ORDER}

__all__ = ["FORMATS", "EditionFormat", "IngestOptions"]
