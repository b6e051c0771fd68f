"""Upload-ready copies of an issue's images for the 公众号 (JPG or PNG under 1 MB, via Pillow).

``media/uploadimg`` takes JPG and PNG files under 1 MB. A file that already
is one is copied unchanged; anything else (a GIF, a large photo) is re-encoded
and, when still too large, scaled down step by step, never below
:data:`MIN_SIDE` pixels on its long side. An image that cannot get under the
limit that way is reported, not silently shrunk into mush.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageOps

__all__ = ["MAX_BYTES", "MIN_SIDE", "Prepared", "upload_extension", "upload_ready"]

MAX_BYTES = 1024 * 1024
MIN_SIDE = 800  # a chart or a scanned notice below this is unreadable on a phone
JPEG_QUALITY = 85


@dataclass(frozen=True)
class Prepared:
    """The upload copy: its bytes and pixel size, whether it was re-encoded, whether it fits."""

    data: bytes
    changed: bool
    size: tuple[int, int]
    fits: bool  # under the limit; when False, ``data`` is the smallest copy tried


def upload_extension(path: str) -> str:
    """The upload copy's extension: a JPEG stays a JPEG, anything else becomes a PNG."""
    return "jpg" if path.lower().endswith((".jpg", ".jpeg")) else "png"


def upload_ready(data: bytes, extension: str, limit: int = MAX_BYTES) -> Prepared:
    """A copy in the format of ``extension`` ("jpg" or "png"), under ``limit`` bytes if possible."""
    wanted = "JPEG" if extension == "jpg" else "PNG"
    with Image.open(io.BytesIO(data)) as image:
        if image.format == wanted and len(data) < limit:
            return Prepared(data, False, image.size, True)
        image.seek(0)  # a GIF: its first frame
        picture = ImageOps.exif_transpose(image).convert("RGBA")
    if extension == "jpg":
        flat = Image.new("RGB", picture.size, (255, 255, 255))
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    scale = 1.0
    while True:
        size = (max(1, round(picture.width * scale)), max(1, round(picture.height * scale)))
        resized = picture if scale == 1.0 else picture.resize(size, Image.Resampling.LANCZOS)
        encoded = _encode(resized, extension)
        if len(encoded) < limit or max(size) <= MIN_SIDE:
            return Prepared(encoded, True, resized.size, len(encoded) < limit)
        # bytes grow with the area: aim just under the limit, at least a 15 % step
        scale *= min(0.85, math.sqrt(limit / len(encoded)) * 0.95)
        scale = max(scale, MIN_SIDE / max(picture.size))


def _encode(picture: Image.Image, extension: str) -> bytes:
    out = io.BytesIO()
    if extension == "png":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()
