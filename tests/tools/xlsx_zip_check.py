#!/usr/bin/python3
"""The workbooks pos2ecom writes, read as zip files with Python's zipfile
and zlib (independent of the program's own zip code).

  xlsx_zip_check.py digest FILE.xlsx...   one line per file: "sha256  FILE"
      over its content (each member's name, then its uncompressed bytes, in
      the archive's order): the same for the same cells and parts whatever
      zlib version compressed them
  xlsx_zip_check.py level FILE.xlsx...    every deflated member was deflated
      at level 1: its stored bytes are exactly what zlib's level 1 makes of
      its content (raw deflate, window 15, memLevel 8: what minizip asks
      for), and general-purpose flag bits 1-2 are 11, which minizip's zip.c
      sets for level 1 only (zlib contrib/minizip/zip.c,
      zipOpenNewFileInZip4_64: "if (level==1) zi->ci.flag |= 6;").
      Exit 1 naming each member that is not.
"""
import hashlib
import struct
import sys
import zipfile
import zlib


def digest(path):
    h = hashlib.sha256()
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            data = z.read(info)
            h.update(info.filename.encode() + b"\0" + str(len(data)).encode() + b"\0")
            h.update(data)
    return h.hexdigest()


def stored_bytes(f, info):
    """The member's compressed bytes, after its local header."""
    f.seek(info.header_offset)
    head = f.read(30)
    if head[:4] != b"PK\x03\x04":
        raise ValueError("no local header")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    f.seek(info.header_offset + 30 + name_len + extra_len)
    return f.read(info.compress_size)


def level_problems(path):
    problems, members = [], 0
    with zipfile.ZipFile(path) as z, open(path, "rb") as f:
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED:
                problems.append(f"{path}: {info.filename}: not deflated (method {info.compress_type})")
                continue
            members += 1
            data = z.read(info)
            c = zlib.compressobj(1, zlib.DEFLATED, -15, 8)
            if stored_bytes(f, info) != c.compress(data) + c.flush():
                problems.append(f"{path}: {info.filename}: its bytes are not zlib level 1's")
            if info.flag_bits & 6 != 6:
                problems.append(f"{path}: {info.filename}: flag bits 0x{info.flag_bits:x}: "
                                "the header does not say level 1")
    return members, problems


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("digest", "level"):
        sys.exit(__doc__)
    if sys.argv[1] == "digest":
        for path in sys.argv[2:]:
            print(f"{digest(path)}  {path}")
        return
    bad = []
    for path in sys.argv[2:]:
        members, problems = level_problems(path)
        bad += problems
        print(f"{path}: {members} members checked")
    for p in bad:
        print(p)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
