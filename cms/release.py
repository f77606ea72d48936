"""The release this process serves: a digest of its code, templates, translations and static
files. Cache keys that outlive a process (the page cache, the fragment caches, in Redis) hold it,
so that a deployment never shows what the previous release rendered."""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

RELEASE_FOLDERS = ("cms", "fiches", "home", "templates", "locale")
RELEASE_SUFFIXES = {".py", ".html", ".mo", ".txt", ".json"}


@functools.cache
def release():
    """The project's files (paths and contents) and the static manifest, hashed once per
    process (about a megabyte). Contents, not modification times: every server of a deployment
    installs the same release at a different time and must still compute the same digest, or
    they would not share the cache."""
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for folder in RELEASE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()
