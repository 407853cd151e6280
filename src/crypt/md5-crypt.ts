/**
 * MD5-crypt (`$1$`), Poul-Henning Kamp's FreeBSD scheme, as glibc's
 * crypt(3) and `openssl passwd -1` compute it.
 */
import { createHash } from 'node:crypto';
import { encodeDigest } from './crypt-base64.js';

const MAGIC = '$1$';
export const MAX_MD5_SALT_LENGTH = 8;
const ROUNDS = 1000;

// prettier-ignore
const MD5_GROUPS = [
  [0, 6, 12, 4], [1, 7, 13, 4], [2, 8, 14, 4], [3, 9, 15, 4], [4, 10, 5, 4], [-1, -1, 11, 2],
] as const;

function md5(...parts: Buffer[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Hashes a password; the salt is cut to 8 characters. */
export function md5Crypt(password: string, salt: string): string {
  const key = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(salt, 'utf8').subarray(0, MAX_MD5_SALT_LENGTH);

  const alternate = md5(key, saltBytes, key);
  const initial = createHash('md5').update(key).update(MAGIC).update(saltBytes);
  for (let left = key.length; left > 0; left -= 16) initial.update(alternate.subarray(0, Math.min(16, left)));
  // For each bit of the key's length: a zero byte for a 1, the key's first byte for a 0.
  for (let bits = key.length; bits > 0; bits >>= 1) initial.update(bits & 1 ? Buffer.alloc(1) : key.subarray(0, 1));
  let current = initial.digest();

  for (let round = 0; round < ROUNDS; round++) {
    const hash = createHash('md5');
    hash.update(round & 1 ? key : current);
    if (round % 3) hash.update(saltBytes);
    if (round % 7) hash.update(key);
    hash.update(round & 1 ? current : key);
    current = hash.digest();
  }
  return `${MAGIC}${saltBytes.toString('utf8')}$${encodeDigest(current, MD5_GROUPS)}`;
}
