"""The METS file section shared by the NDNP and METS/ALTO readers."""

from __future__ import annotations

from lxml import etree

from broadsheet.ingest.formats.mets import MetsFile, file_section, resolved_inside

METS = b"""<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink">
<mets:fileSec><mets:fileGrp>
  <mets:file ID="alto1" USE="OCR" MIMETYPE="Text/XML">
    <mets:FLocat xlink:href=" 1.xml "/></mets:file>
  <mets:file ID="img1"><mets:FLocat href="1.jp2"/></mets:file>
  <mets:file USE="master"><mets:FLocat xlink:href="no-id.tif"/></mets:file>
  <mets:file ID="nohref"><mets:FLocat/></mets:file>
</mets:fileGrp></mets:fileSec></mets:mets>"""


def test_file_section_reads_files_with_an_id_and_an_href():
    assert list(file_section(etree.fromstring(METS))) == [
        MetsFile("alto1", "ocr", "text/xml", "1.xml"),
        MetsFile("img1", "", "", "1.jp2"),
    ]


def test_resolved_inside_keeps_paths_in_their_folder(tmp_path):
    folder = tmp_path / "issue"
    (folder / "text").mkdir(parents=True)
    (tmp_path / "secret.xml").write_text("x")
    (folder / "link.xml").symlink_to(tmp_path / "secret.xml")
    assert resolved_inside(folder, "text/../text/1.xml") == (folder / "text" / "1.xml").resolve()
    assert resolved_inside(folder, "../secret.xml") is None
    assert resolved_inside(folder, str(tmp_path / "secret.xml")) is None
    assert resolved_inside(folder, "link.xml") is None
