#!/usr/bin/env python3
"""Writes the kept seed corpora of the libFuzzer targets (tests/fuzz/corpus/
NAME/): a few small valid inputs each, in the layouts the targets'
headers describe. Run from the top of the tree; the output is committed."""
import os
import struct

OUT = "tests/fuzz/corpus"


def write(name, seed, data):
    os.makedirs(f"{OUT}/{name}", exist_ok=True)
    with open(f"{OUT}/{name}/{seed}", "wb") as f:
        f.write(data)


def balloon(pages, setup, stats_gpa, stats_n, op, gfns):
    b = struct.pack("<HB", pages - 1, len(setup))
    b += b"".join(struct.pack("<HB", g, s) for g, s in setup)
    b += struct.pack("<QBB", stats_gpa, stats_n, op)
    return b + b"".join(struct.pack("<Q", g) for g in gfns)


# setup states: 0 mapped, 1 ballooned, 2 swapped, 3 untouched
SETUP = [(3, 0), (4, 0), (10, 1), (11, 1), (20, 2), (600, 0)]
write("balloon", "inflate", balloon(1024, SETUP, 3 << 12, 2, 0, [5, 3, 20, 600, 1023]))
write("balloon", "deflate", balloon(1024, SETUP, 4 << 12, 16, 1, [10, 11]))
write("balloon", "duplicate", balloon(256, SETUP, 0, 1, 0, [7, 8, 7]))
write("balloon", "stats-unmapped", balloon(64, [(0, 0)], 0xff8, 1, 0, [63]))


def swap_header(slots):
    map_lba = 8
    map_sectors = (slots + 31) // 32
    slots_lba = (map_lba + map_sectors + 7) // 8 * 8
    return struct.pack("<QIIIIQQQQQ", 0x5041575354534C42, 1, 4096, 512,
                       slots, map_lba, map_sectors, slots_lba, 0, 0)


def swap(sectors, slots, entries=()):
    b = struct.pack("<H", sectors) + swap_header(slots)
    if entries:
        b = b.ljust(2 + 8 * 512, b"\0")
        b += b"".join(struct.pack("<IHHQ", st, g, 0, gfn) for st, g, gfn in entries)
    return b


write("swap", "empty-area", swap(8, 0))
write("swap", "one-slot", swap(24, 1))
write("swap", "used-slots", swap(48, 4, [(1, 0, 0x12), (0, 0, 0), (1, 2, 0x3ff)]))


def mb2_tag(t, body):
    tag = struct.pack("<II", t, 8 + len(body)) + body
    return tag.ljust((len(tag) + 7) // 8 * 8, b"\0")


def mb2(tags):
    return b"".join(tags) + mb2_tag(0, b"")


MMAP = mb2_tag(6, struct.pack("<II", 24, 0) + b"".join(
    struct.pack("<QQII", base, length, t, 0) for base, length, t in
    [(0, 0x9fc00, 1), (0x9fc00, 0x400, 2), (0x100000, 0x7f00000, 1)]))
write("mb2", "grub", mb2([
    mb2_tag(1, b"ballast\0"),
    mb2_tag(3, struct.pack("<II", 0x200000, 0x201000) + b"/boot/guest-stub.bin\0"),
    mb2_tag(3, struct.pack("<II", 0x202000, 0x202100) + b"/boot/default.scn\0"),
    MMAP]))
write("mb2", "mmap-only", mb2([MMAP]))


def elf(bss):
    """An image like ballast.elf: a text segment with the BLSTHV64 record,
    and optionally a NOBITS .bss segment after it."""
    base, text_off, text_len = 0x100000, 0x100, 0x40
    phdrs = [(1, text_off, base, text_len, text_len)]
    if bss:
        phdrs.append((1, 0, base + 0x1000, 0, 0x1800))
    phdrs.append((0x6474E551, 0, 0, 0, 0))  # PT_GNU_STACK
    ident = b"\x7fELF" + bytes([2, 1, 1]) + b"\0" * 9
    eh = ident + struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, base + 0x18, 64, 0,
                             0, 64, 56, len(phdrs), 64, 0, 0)
    ph = b"".join(struct.pack("<IIQQQQQQ", t, 7, off, pa, pa, fs, ms, 0x1000)
                  for t, off, pa, fs, ms in phdrs)
    text = bytearray(b"\x90" * text_len)
    text[0x18:0x28] = struct.pack("<QQ", 0x3436564854534C42, base + 0x18)
    return (eh + ph).ljust(text_off, b"\0") + bytes(text)


write("efi_elf", "text-bss", elf(True))
write("efi_elf", "text-only", elf(False))
