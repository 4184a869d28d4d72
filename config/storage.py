"""The local file storage, when reports are not in an S3 bucket (config/settings/base.py)."""

from __future__ import annotations

import os
import tempfile
from typing import Any

from django.core.files.storage import FileSystemStorage


def _read_umask() -> int:
    # os offers no way to read the umask without setting it: done once, at import, before
    # any thread could create a file meanwhile.
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Files get the permissions Django's own storage gives them (0o666 less the umask), not
# mkstemp's 0o600.
UMASK = _read_umask()


class AtomicFileSystemStorage(FileSystemStorage):
    """Django's FileSystemStorage, except that a file appears whole or not at all.

    Django's own writes the file in place, chunk by chunk, so a reader meanwhile finds a file
    that is half there: a report being stored by a worker looked cut short to a download
    polling for it, which deleted it, and the report was rendered again. Here the content is
    written to a temporary file beside the target and linked into place once complete, as an
    object in a bucket appears only once uploaded. `link` refuses a name that exists, so a
    taken name gets another, as Django's exclusive open does.
    """

    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
        else:
            os.makedirs(directory, exist_ok=True)
        # A dot name: a crash leaves it behind for the pruning, never served (no report key).
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".partial-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                for chunk in content.chunks():
                    file.write(chunk if isinstance(chunk, bytes) else chunk.encode())
            os.chmod(temporary, self.file_permissions_mode or 0o666 & ~UMASK)
            while True:
                try:
                    if self._allow_overwrite:
                        os.replace(temporary, full_path)
                    else:
                        os.link(temporary, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        self._ensure_location_group_id(full_path)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
