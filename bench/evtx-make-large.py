#!/usr/bin/env python3
# Builds a large .evtx from the chunks of real logs: the chunks of the given files are repeated
# in turn until the target size is reached, and the file header is rewritten (chunk count,
# last chunk, CRC32) so that every reader takes it as one log.
# usage: evtx-make-large.py OUT SIZE_MB FILE.evtx...
import struct, sys, zlib

out, size_mb, sources = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
chunks = []
for path in sources:
    data = open(path, 'rb').read()
    for off in range(4096, len(data) - 65535, 65536):
        if data[off:off + 8] == b'ElfChnk\x00':
            chunks.append(data[off:off + 65536])
header = bytearray(open(sources[0], 'rb').read(4096))
count = min(65535, size_mb * 1024 * 1024 // 65536)
struct.pack_into('<QQQ', header, 8, 0, count - 1, 1)
struct.pack_into('<H', header, 42, count)
struct.pack_into('<I', header, 120, 0)  # flags: clean
struct.pack_into('<I', header, 124, zlib.crc32(bytes(header[:120])))
with open(out, 'wb') as f:
    f.write(header)
    for i in range(count):
        f.write(chunks[i % len(chunks)])
print(f"{out}: {count} chunks from {len(chunks)} distinct ones, {4096 + count * 65536} bytes")
