"""What is done to a printed page: rendering, its text with boxes, placing and finding articles.

Sits above ``editions`` (it reads and writes pages) and below ``ingest`` (which
calls it while loading an edition). See ../shared/docs/roadmap.md.
"""
