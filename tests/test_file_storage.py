"""The local file storage (config/storage.py): a file appears whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from config.storage import AtomicFileSystemStorage


class Observed(ContentFile):
    """Content in two chunks that looks at the storage between them, as a reader would."""

    def __init__(self, storage, name: str, content: bytes) -> None:
        super().__init__(content)
        self.storage, self.target, self.seen_midway = storage, name, None

    def chunks(self, chunk_size=None):
        half = len(self.file.getvalue()) // 2
        yield self.file.getvalue()[:half]
        self.seen_midway = (
            self.storage.open(self.target, "rb").read()
            if self.storage.exists(self.target)
            else None
        )
        yield self.file.getvalue()[half:]


class Failing(ContentFile):
    def chunks(self, chunk_size=None):
        yield b"%PDF-1.7 half"
        raise OSError("disk full")


@pytest.fixture
def storage(tmp_path):
    return AtomicFileSystemStorage(location=tmp_path)


def test_a_reader_finds_nothing_while_the_file_is_written_then_all_of_it(storage):
    content = Observed(storage, "reports/1/key.pdf", b"%PDF-1.7 whole report %%EOF")
    name = storage.save("reports/1/key.pdf", content)
    assert name == "reports/1/key.pdf"
    assert content.seen_midway is None
    assert storage.open(name, "rb").read() == b"%PDF-1.7 whole report %%EOF"


def test_djangos_own_storage_shows_the_half_written_file(tmp_path):
    """Why config/storage.py exists: the reader above sees half a file with Django's."""
    storage = FileSystemStorage(location=tmp_path)
    content = Observed(storage, "reports/1/key.pdf", b"%PDF-1.7 whole report %%EOF")
    storage.save("reports/1/key.pdf", content)
    assert content.seen_midway is not None  # a file is there, and not the whole of it
    assert content.seen_midway != b"%PDF-1.7 whole report %%EOF"


def test_a_taken_name_gets_another_and_the_first_file_is_kept(storage):
    first = storage.save("reports/1/key.pdf", ContentFile(b"first"))
    second = storage.save("reports/1/key.pdf", ContentFile(b"second"))
    assert first == "reports/1/key.pdf"
    assert second != first and second.startswith("reports/1/key_")
    assert storage.open(first, "rb").read() == b"first"
    assert storage.open(second, "rb").read() == b"second"


def test_a_write_that_fails_leaves_no_file_at_all(storage, tmp_path):
    with pytest.raises(OSError, match="disk full"):
        storage.save("reports/1/key.pdf", Failing(b""))
    assert not storage.exists("reports/1/key.pdf")
    assert os.listdir(tmp_path / "reports" / "1") == []  # no temporary file left behind


def test_files_get_the_permissions_djangos_storage_gives(storage, tmp_path):
    name = storage.save("reports/1/key.pdf", ContentFile(b"x"))
    django_name = FileSystemStorage(location=tmp_path).save("plain.pdf", ContentFile(b"x"))
    mode = stat.S_IMODE(os.stat(storage.path(name)).st_mode)
    assert mode == stat.S_IMODE(os.stat(tmp_path / django_name).st_mode)


def test_the_permissions_setting_is_applied(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path, file_permissions_mode=0o600)
    name = storage.save("key.pdf", ContentFile(b"x"))
    assert stat.S_IMODE(os.stat(storage.path(name)).st_mode) == 0o600


def test_text_content_is_written_as_utf8(storage):
    name = storage.save("notes.txt", ContentFile("Élément"))
    assert storage.open(name, "rb").read() == "Élément".encode()
