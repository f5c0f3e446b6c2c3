"""What an image in a brief must be: data of the type it claims, by its first bytes (the HTML
page trusts the claim, WeasyPrint reads the bytes: an SVG sent as image/png would print where the
page shows nothing), that decodes whole (a truncated JPEG is a broken image in both), and no
larger than a page can show. Checked for every image before a brief is published (sanitise.py
checks each <img> of every fragment)."""
from __future__ import annotations

import base64
import binascii
import io
import re
from urllib.parse import unquote_to_bytes

# The image types a brief may hold (sanitise.IMAGE_DATA), by their MIME type: the bytes each
# starts with, and the name Pillow reads it by.
FORMATS = {"image/png": ((b"\x89PNG\r\n\x1a\n",), "PNG"), "image/jpeg": ((b"\xff\xd8\xff",), "JPEG"),
           "image/gif": ((b"GIF87a", b"GIF89a"), "GIF"), "image/webp": ((b"RIFF",), "WEBP")}
# What other data an image's bytes start like, to name it in the message.
_LOOKS_LIKE = ((re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<svg", re.I | re.S), "SVG"),
               (re.compile(rb"^\s*<", re.S), "HTML or XML"), (re.compile(rb"^%PDF"), "a PDF"))
# A chart at 200 dpi across a whole A4 page is under 4 million pixels; past this an image is
# either a mistake or a decompression bomb, and decoding it would take gigabytes.
MAX_PIXELS = 40_000_000

_DATA_URI = re.compile(r"^data:(image/[A-Za-z0-9.+-]+)((?:;[^,;]*)*?)(;base64)?,(.*)$", re.I | re.S)


def _looks_like(data: bytes) -> str:
    for mimetype, (starts, name) in FORMATS.items():
        if data.startswith(starts) and (mimetype != "image/webp" or data[8:12] == b"WEBP"):
            return f"it is {name}"
    head = data[:512]
    return next((f"it starts like {name}" for pattern, name in _LOOKS_LIKE if pattern.match(head)),
                "its first bytes are no image's")


def image_problem(mimetype: str, data: bytes) -> str | None:
    """Why `data` cannot be published as an image of `mimetype`, or None: its first bytes are
    not that type's, it does not decode whole, or it has more than MAX_PIXELS pixels."""
    mimetype = mimetype.lower()
    if mimetype not in FORMATS:
        return f"an image of the type {mimetype} (briefs hold {', '.join(FORMATS)})"
    starts, name = FORMATS[mimetype]
    if not data.startswith(starts) or (mimetype == "image/webp" and data[8:12] != b"WEBP"):
        return f"an image sent as {mimetype} whose data is not {name} ({_looks_like(data)})"
    from PIL import Image, ImageFile, UnidentifiedImageError
    # WeasyPrint, once imported, lets Pillow load truncated images for the whole process; a
    # process that has printed a PDF must still refuse one
    truncated_ok, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(io.BytesIO(data), formats=[name]) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return (f"a {name} image of {width} × {height} pixels, more than a brief shows "
                        f"({MAX_PIXELS // 1_000_000} million)")
            image.load()
    except MemoryError:
        raise
    except UnidentifiedImageError:
        return f"a {name} image that cannot be decoded (no {name} image can be read from its data)"
    except Exception as exc:  # Pillow reports a broken image by many exception types
        reason = " ".join(str(exc).split())[:80] or type(exc).__name__
        return f"a {name} image that cannot be decoded ({reason})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    return None


def data_uri_problem(uri: str) -> str | None:
    """Why a data: URI cannot be published as an image (image_problem), or None."""
    match = _DATA_URI.match(uri)
    if not match:
        return "an image data: address that is not of the form data:image/<type>[;base64],<data>"
    decoded = _decoded(match)
    if decoded is None:
        return f"an image sent as {match.group(1).lower()} whose data is not base64"
    return image_problem(*decoded)


def data_uri_image(uri: str) -> tuple[str, bytes] | None:
    """The MIME type and bytes of a data: URI that is an image a brief may publish
    (data_uri_problem finds nothing), else None."""
    match = _DATA_URI.match(uri)
    decoded = _decoded(match) if match else None
    return decoded if decoded is not None and image_problem(*decoded) is None else None


def _decoded(match: re.Match) -> tuple[str, bytes] | None:
    mimetype, _, encoded, payload = match.groups()
    try:
        data = base64.b64decode(re.sub(r"\s", "", unquote_to_bytes(payload).decode("ascii")), validate=True) \
            if encoded else unquote_to_bytes(payload)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return mimetype.lower(), data
