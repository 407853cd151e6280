/**
 * The base64 variant of crypt(3) hashes: the alphabet `./0-9A-Za-z`, and
 * groups of three bytes written low six bits first.
 */
export const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Encodes the 24-bit value (high, middle, low) as `length` characters, low bits first. */
export function encode24(high: number, middle: number, low: number, length: number): string {
  let value = (high << 16) | (middle << 8) | low;
  let text = '';
  for (let i = 0; i < length; i++) {
    text += CRYPT_ALPHABET[value & 0x3f];
    value >>= 6;
  }
  return text;
}

/** Encodes a digest by the scheme's table of byte triples; a -1 index stands for a zero byte. */
export function encodeDigest(digest: Buffer, groups: readonly (readonly number[])[]): string {
  const byteAt = (index: number) => (index < 0 ? 0 : digest[index]);
  return groups
    .map(([high, middle, low, length]) => encode24(byteAt(high), byteAt(middle), byteAt(low), length))
    .join('');
}
