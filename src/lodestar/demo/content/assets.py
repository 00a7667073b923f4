"""Non-source files for classification: a PNG, a minified script, a large generated data file.

Everything is built byte for byte here (the PNG uses stored deflate blocks rather than zlib), so
the bytes, and therefore the commit ids, do not depend on the machine's zlib.
"""

from __future__ import annotations

import random
import struct
import zlib

__all__ = ["MINIFIED_JS", "png", "postal_codes_csv"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _stored_zlib(raw: bytes) -> bytes:
    """A zlib stream of uncompressed deflate blocks (deterministic on every platform)."""
    out = bytearray(b"\x78\x01")
    blocks = [raw[i : i + 65535] for i in range(0, len(raw), 65535)] or [b""]
    for i, block in enumerate(blocks):
        final = 1 if i == len(blocks) - 1 else 0
        out += bytes([final]) + struct.pack("<HH", len(block), 0xFFFF ^ len(block)) + block
    out += struct.pack(">I", zlib.adler32(raw) & 0xFFFFFFFF)
    return bytes(out)


def png(size: int = 32, colour: tuple[int, int, int] = (31, 78, 121)) -> bytes:
    """A small RGBA PNG: a filled disc (the company's compass logo) on a transparent field."""
    rows = bytearray()
    centre = (size - 1) / 2
    for y in range(size):
        rows.append(0)  # filter: none
        for x in range(size):
            inside = (x - centre) ** 2 + (y - centre) ** 2 <= (size / 2 - 1) ** 2
            needle = abs(x - centre) < 1.5 and y < size * 0.8
            if needle:
                rows += bytes((240, 240, 240, 255))
            elif inside:
                rows += bytes((*colour, 255))
            else:
                rows += bytes((0, 0, 0, 0))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", _stored_zlib(bytes(rows)))
        + _chunk(b"IEND", b"")
    )


MINIFIED_JS = (
    "/*! nw-beacon v2.4.1 | (c) 2023 Northwind Labs B.V. | MIT License */\n"
    '!function(e,t){"object"==typeof exports&&"undefined"!=typeof module?module.exports=t():'
    '"function"==typeof define&&define.amd?define(t):(e="undefined"!=typeof globalThis?globalThis'
    ':e||self).nwBeacon=t()}(this,function(){"use strict";var e={endpoint:"/api/events",'
    "batchSize:20,flushInterval:5e3,sampleRate:1},t=[],n=null,r=function(e){return Object.keys(e)"
    ".reduce(function(t,n){return null!=e[n]&&(t[n]=e[n]),t},{})},o=function(){try{return window."
    'crypto.randomUUID()}catch(e){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,'
    'function(e){var t=16*Math.random()|0;return("x"==e?t:3&t|8).toString(16)})}},i=o(),a=function'
    "(){if(0!==t.length){var n=t.splice(0,e.batchSize),r=JSON.stringify({session:i,events:n});"
    'navigator.sendBeacon?navigator.sendBeacon(e.endpoint,r):fetch(e.endpoint,{method:"POST",'
    'body:r,keepalive:!0,headers:{"Content-Type":"application/json"}}).catch(function(){})}},'
    "c=function(){n||(n=setInterval(a,e.flushInterval))},u=function(n,o){Math.random()>e."
    "sampleRate||(t.push(r({name:n,props:o,ts:Date.now(),path:location.pathname,ref:document."
    "referrer||void 0})),t.length>=e.batchSize&&a(),c())},s=function(t){return Object.assign("
    'e,t||{}),c(),{track:u,flush:a}};return document.addEventListener("visibilitychange",'
    'function(){"hidden"===document.visibilityState&&a()}),{init:s,track:u,flush:a,version:"2.4.1"}});\n'
    "//# sourceMappingURL=nw-beacon.min.js.map\n"
)

_CITIES = (
    ("Amsterdam", "Noord-Holland", "NL", 52.37, 4.89),
    ("Rotterdam", "Zuid-Holland", "NL", 51.92, 4.48),
    ("Utrecht", "Utrecht", "NL", 52.09, 5.12),
    ("Antwerpen", "Antwerpen", "BE", 51.22, 4.40),
    ("Gent", "Oost-Vlaanderen", "BE", 51.05, 3.72),
    ("Köln", "Nordrhein-Westfalen", "DE", 50.94, 6.96),
    ("Düsseldorf", "Nordrhein-Westfalen", "DE", 51.23, 6.78),
    ("Lisboa", "Lisboa", "PT", 38.72, -9.14),
    ("Porto", "Porto", "PT", 41.15, -8.61),
    ("Lyon", "Auvergne-Rhône-Alpes", "FR", 45.76, 4.84),
)


def postal_codes_csv(min_bytes: int = 3 * 1024 * 1024) -> bytes:
    """A generated reference table of at least ``min_bytes`` (an oversized file to skip)."""
    rng = random.Random("northwind-labs/postal-codes")  # noqa: S311  reproducible data
    lines = ["postal_code,city,region,country,latitude,longitude,households,delivery_zone\n"]
    size = len(lines[0])
    serial = 1000
    while size < min_bytes:
        city, region, country, lat, lon = _CITIES[serial % len(_CITIES)]
        line = (
            f"{country}-{serial:06d},{city},{region},{country},"
            f"{lat + rng.uniform(-0.2, 0.2):.5f},{lon + rng.uniform(-0.3, 0.3):.5f},"
            f"{rng.randint(40, 4800)},Z{rng.randint(1, 9)}\n"
        )
        lines.append(line)
        size += len(line.encode("utf-8"))
        serial += 1
    return "".join(lines).encode("utf-8")
