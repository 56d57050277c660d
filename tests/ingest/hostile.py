"""Malformed and malicious import files, each with the message its import must end in.

Shared by the command tests (tests/ingest) and the API tests (tests/api); every file is made here,
byte by byte, so that what each one does wrong is plain.
"""

import io
import stat
import struct
import zipfile

ARTICLE = b"Talks resume in Port Asmel\nVeloria and Kastran met on Tuesday. Both sides said little.\n"


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _patched(data: bytes, **fields: int) -> bytes:
    """The one-member zip with fields of both its local header and its central directory entry overwritten."""
    # Offsets of each field in the local file header (at 0) and in the central directory entry.
    local = {"flags": (6, "<H"), "method": (8, "<H"), "size": (22, "<I")}
    central = {"flags": (8, "<H"), "method": (10, "<H"), "size": (24, "<I")}
    out = bytearray(data)
    directory = out.find(b"PK\x01\x02")
    for name, value in fields.items():
        struct.pack_into(local[name][1], out, local[name][0], value)
        struct.pack_into(central[name][1], out, directory + central[name][0], value)
    return bytes(out)


def _bad_crc() -> bytes:
    data = bytearray(zip_of({"a.txt": ARTICLE}, zipfile.ZIP_STORED))
    data[data.find(b"Veloria")] = ord("W")  # the stored bytes change, the recorded CRC does not
    return bytes(data)


def _symlink() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        link = zipfile.ZipInfo("link.txt")
        link.create_system = 3  # Unix: the high 16 bits of external_attr are st_mode
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def _nested(depth: int, key: str = "meta") -> bytes:
    return b'{"text": "Talks resumed.", "' + key.encode() + b'": ' + b'{"a": ' * depth + b"1" + b"}" * depth + b"}\n"


# (case id, file name, content, what the message must say)
HOSTILE = [
    ("lone-surrogate", "surrogate.jsonl", b'{"text": "Talks \\ud800 resumed."}\n',
     "surrogate.jsonl, line 1, field 'text': contains a lone surrogate (U+D800) at position 6"),
    ("surrogate-in-title", "title.jsonl", b'{"text": "Talks resumed.", "title": "A \\udfff"}\n',
     "title.jsonl, line 1, field 'title': contains a lone surrogate (U+DFFF)"),
    ("nan", "nan.jsonl", b'{"text": "Talks resumed."}\n{"text": "Fine.", "meta": {"score": NaN}}\n',
     "nan.jsonl, line 2: malformed JSON (NaN is not a JSON number; use null)"),
    ("infinity", "infinity.json", b'[{"text": "Talks resumed.", "meta": {"score": -Infinity}}]',
     "infinity.json: malformed JSON (-Infinity is not a JSON number; use null)"),
    ("nul-in-meta-key", "nulkey.jsonl", b'{"text": "Talks resumed.", "meta": {"desk\\u0000": 1}}\n',
     "nulkey.jsonl, line 1, field 'meta': key 'desk\\x00' contains a NUL character (U+0000) at position 4"),
    ("nul-in-meta-value", "nulvalue.jsonl", b'{"text": "Talks resumed.", "meta": {"desk": ["\\u0000"]}}\n',
     "nulvalue.jsonl, line 1, field 'meta': value '\\x00' contains a NUL character"),
    ("nul-in-extra-key", "nulextra.jsonl", b'{"text": "Talks resumed.", "\\u0000": 1}\n',
     "nulextra.jsonl, line 1, field 'meta': key '\\x00' contains a NUL character"),
    ("nul-in-text", "nultext.json", b'{"text": "Talks\\u0000 resumed."}',
     "nultext.json, field 'text': contains a NUL character (U+0000) at position 5"),
    ("nul-byte-late", "late.txt", ARTICLE * 200 + b"\x00" + ARTICLE,
     f"late.txt: is a binary file, not text (a NUL byte at byte {len(ARTICLE) * 200:,})"),
    ("deep-json", "deep.json", b"[" * 100_000 + b"]" * 100_000,
     "deep.json: malformed JSON (nested too deeply to read)"),
    ("deep-jsonl", "deep.jsonl", b'{"text": "Fine."}\n' + b"[" * 100_000 + b"]" * 100_000 + b"\n",
     "deep.jsonl, line 2: malformed JSON (nested too deeply to read)"),
    ("deep-meta", "deepmeta.jsonl", _nested(40), "deepmeta.jsonl, line 1, field 'meta': is nested more than 32 levels"),
    ("deep-extra", "deepextra.jsonl", _nested(40, "extra"), "field 'meta': is nested more than 32 levels deep"),
    ("huge-integer", "digits.jsonl", b'{"text": "Fine.", "meta": {"n": ' + b"9" * 5000 + b"}}\n",
     "digits.jsonl, line 1: malformed JSON (Exceeds the limit"),
    ("javascript-url", "xss.jsonl", b'{"text": "Talks resumed.", "url": "javascript:alert(1)"}\n',
     "xss.jsonl, line 1, field 'url': 'javascript:alert(1)' is not a valid http or https URL"),
    ("data-url-csv", "xss.csv", b'text,url\n"Talks resumed.","data:text/html,<script>alert(1)</script>"\n',
     "xss.csv, line 2, field 'url': 'data:text/html,<script>alert(1)</script>' is not a valid http or https URL"),
    ("long-title", "long.jsonl", b'{"text": "Talks resumed.", "title": "' + b"T" * 501 + b'"}\n',
     "long.jsonl, line 1, field 'title': is 501 characters long, over the limit of 500"),
    ("long-outlet", "outlet.csv", b"text,outlet\nTalks resumed.," + b"O" * 201 + b"\n",
     "outlet.csv, line 2, field 'outlet': is 201 characters long, over the limit of 200"),
    ("zip-bad-crc", "crc.zip", _bad_crc(), "crc.zip: member 'a.txt' is damaged (Bad CRC-32 for file 'a.txt')"),
    ("zip-size-too-small", "small.zip", _patched(zip_of({"a.txt": ARTICLE}), size=10),
     "small.zip: member 'a.txt' is damaged (Bad CRC-32"),
    ("zip-size-too-large", "large.zip", _patched(zip_of({"a.txt": ARTICLE}), size=100_000),
     f"large.zip: member 'a.txt' is damaged (its header says 100,000 bytes, it holds {len(ARTICLE)})"),
    ("zip-encrypted", "secret.zip", _patched(zip_of({"a.txt": ARTICLE}), flags=1),
     "secret.zip: member 'a.txt' is encrypted; unpack it and import the files"),
    ("zip-unsupported-method", "ppmd.zip", _patched(zip_of({"a.txt": ARTICLE}), method=98),
     "ppmd.zip: member 'a.txt' uses an unsupported compression method (98)"),
    ("zip-symlink", "link.zip", _symlink(), "link.zip: member 'link.txt' is a symbolic link, not a file"),
    ("zip-member-nan", "batch.zip", zip_of({"news/nan.jsonl": b'{"text": "Fine.", "meta": {"a": NaN}}\n'}),
     "batch.zip/news/nan.jsonl, line 1: malformed JSON (NaN is not a JSON number; use null)"),
    ("zip-member-late-nul", "nul.zip", zip_of({"a.txt": ARTICLE * 200 + b"\x00"}),
     f"nul.zip/a.txt: is a binary file, not text (a NUL byte at byte {len(ARTICLE) * 200:,})"),
]
