/**
 * CRC-CCITT as the ISHNE Holter standard specifies it for its header: generator polynomial x¹⁶ + x¹² + x⁵ + 1
 * (0x1021), initial value 0xFFFF, bits processed most significant first, no final XOR (the variant catalogued as
 * CRC-16/CCITT-FALSE; check value 0x29B1 for the ASCII bytes "123456789").
 *
 * Source: Badilini F. The ISHNE Holter Standard Output File Format. Ann Noninvasive Electrocardiol 1998;3:263–266
 * (doi:10.1111/j.1542-474X.1998.tb00353.x), appendix; Williams R. A Painless Guide to CRC Error Detection
 * Algorithms, 1993 (parameter model).
 */

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[n] = c;
  }
  return t;
})();

/**
 * Computes the CRC-CCITT (0xFFFF start) of a byte range.
 * @param bytes the data.
 * @returns the 16-bit CRC, 0..65535.
 */
export function crcCcitt(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) & 0xffff) ^ (TABLE[((crc >> 8) ^ (bytes[i] as number)) & 0xff] as number);
  return crc;
}
