/**
 * CRC-32 (the zlib / PNG polynomial, the same values as node:zlib's crc32) of a range of a buffer.
 * zlib's crc32 needs a view per call and crosses into C++ each time, which for the 24 bytes of a dedupe
 * slot costs about 4 times more than this loop; a rebuild checks millions of slots.
 */
const TABLE = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c;
}

export function crc32(buf: Uint8Array, start = 0, end = buf.length): number {
  let crc = -1;
  for (let i = start; i < end; i++) crc = TABLE[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
