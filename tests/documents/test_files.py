"""The rules of planner.documents.files and its configuration, called directly."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.config import ConfigError, document_settings
from planner.documents import files
from planner.documents.models import Document, DocumentVersion, is_document_symbol
from planner.validation import ModelValidationError
from tests.documents.conftest import PDF_BYTES, docx_bytes


def test_the_type_comes_from_the_bytes(app):
    with app.app_context():
        assert files.accept("anything.docx", PDF_BYTES).media_type == "application/pdf"
        assert files.accept("report.pdf", docx_bytes()).extension == "docx"
        for data in (b"", b"<html>", b"PK\x03\x04 not a zip", b"GIF89a"):
            with pytest.raises(ModelValidationError):
                files.accept("report.pdf", data)


def test_the_download_name_is_built_from_the_symbol(app):
    version = DocumentVersion(language="ar", media_type="application/pdf")
    assert files.download_name(Document(id=3, symbol="A/CONF.235/1"), version) == "A-CONF.235-1-ar.pdf"
    assert files.download_name(Document(id=3, symbol=None), version) == "document-3-ar.pdf"


def test_symbols_as_the_un_writes_them():
    for symbol in ("A/72/297", "A/CONF.235/1", "A/72/297/Add.1", "A/C.2/72/L.3/Rev.1", "E/2017/65"):
        assert is_document_symbol(symbol), symbol
    for symbol in ("", "a/72/297", "A/72/297 ", "A//1", "../x", "A/72/<b>"):
        assert not is_document_symbol(symbol), symbol


def test_the_folder_and_limit_come_from_the_environment(tmp_path):
    settings = document_settings(tmp_path / "instance", {})
    assert settings == {"DOCUMENT_FOLDER": tmp_path / "instance" / "documents", "DOCUMENT_MAX_BYTES": 20 * 1024 * 1024}
    settings = document_settings(tmp_path / "instance", {"DOCUMENT_FOLDER": "files", "DOCUMENT_MAX_BYTES": "1048576"})
    assert settings == {"DOCUMENT_FOLDER": tmp_path / "files", "DOCUMENT_MAX_BYTES": 1048576}
    assert document_settings(tmp_path, {"DOCUMENT_FOLDER": "/srv/docs"})["DOCUMENT_FOLDER"] == Path("/srv/docs")
    for bad in ("20MB", "-1", "1", "999999999999"):
        with pytest.raises(ConfigError, match="DOCUMENT_MAX_BYTES"):
            document_settings(tmp_path, {"DOCUMENT_MAX_BYTES": bad})
