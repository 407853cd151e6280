/**
 * SHA-256-crypt and SHA-512-crypt (`$5$` and `$6$`), as Ulrich Drepper's
 * specification "Unix crypt using SHA-256 and SHA-512" defines them and
 * glibc's crypt(3) and `openssl passwd -5/-6` compute them.
 */
import { createHash } from 'node:crypto';
import { encodeDigest } from './crypt-base64.js';

export type ShaCryptAlgorithm = 'sha256' | 'sha512';

export const DEFAULT_ROUNDS = 5000;
const MIN_ROUNDS = 1000;
const MAX_ROUNDS = 999_999_999;
export const MAX_SHA_SALT_LENGTH = 16;

// The order in which the specification writes the final digest's bytes:
// each row is (high, middle, low, characters), -1 for a zero byte.
// prettier-ignore
const SHA256_GROUPS = [
  [0, 10, 20, 4], [21, 1, 11, 4], [12, 22, 2, 4], [3, 13, 23, 4], [24, 4, 14, 4],
  [15, 25, 5, 4], [6, 16, 26, 4], [27, 7, 17, 4], [18, 28, 8, 4], [9, 19, 29, 4],
  [-1, 31, 30, 3],
] as const;

// prettier-ignore
const SHA512_GROUPS = [
  [0, 21, 42, 4], [22, 43, 1, 4], [44, 2, 23, 4], [3, 24, 45, 4], [25, 46, 4, 4],
  [47, 5, 26, 4], [6, 27, 48, 4], [28, 49, 7, 4], [50, 8, 29, 4], [9, 30, 51, 4],
  [31, 52, 10, 4], [53, 11, 32, 4], [12, 33, 54, 4], [34, 55, 13, 4], [56, 14, 35, 4],
  [15, 36, 57, 4], [37, 58, 16, 4], [59, 17, 38, 4], [18, 39, 60, 4], [40, 61, 19, 4],
  [62, 20, 41, 4], [-1, -1, 63, 2],
] as const;

function digest(algorithm: ShaCryptAlgorithm, ...parts: Buffer[]): Buffer {
  const hash = createHash(algorithm);
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** Repeats `block` to exactly `length` bytes. */
function repeatTo(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let at = 0; at < length; at += block.length) block.copy(out, at, 0, Math.min(block.length, length - at));
  return out;
}

/**
 * Hashes a password. The salt is cut to 16 characters and rounds clamped
 * to 1000..999999999, as the specification requires. A rounds value of
 * 5000 (the default) is left out of the result.
 */
export function shaCrypt(algorithm: ShaCryptAlgorithm, password: string, salt: string, rounds = DEFAULT_ROUNDS): string {
  const key = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(salt, 'utf8').subarray(0, MAX_SHA_SALT_LENGTH);
  const roundCount = Math.min(MAX_ROUNDS, Math.max(MIN_ROUNDS, Math.floor(rounds)));
  const size = algorithm === 'sha256' ? 32 : 64;

  // Digest B, then digest A: the key, the salt, B spread over the key's
  // length, then B or the key for each bit of the key's length.
  const alternate = digest(algorithm, key, saltBytes, key);
  const initial = createHash(algorithm).update(key).update(saltBytes).update(repeatTo(alternate, key.length));
  for (let bits = key.length; bits > 0; bits >>= 1) initial.update(bits & 1 ? alternate : key);
  let current = initial.digest();

  // Sequences P and S: digests of the key repeated key-length times and of
  // the salt repeated 16 + A[0] times, cut to the key's and salt's length.
  const keySequence = repeatTo(digest(algorithm, repeatTo(key, key.length * key.length)), key.length);
  const saltRepeated = repeatTo(saltBytes, saltBytes.length * (16 + current[0]));
  const saltSequence = repeatTo(digest(algorithm, saltRepeated), saltBytes.length);

  for (let round = 0; round < roundCount; round++) {
    const hash = createHash(algorithm);
    hash.update(round & 1 ? keySequence : current);
    if (round % 3) hash.update(saltSequence);
    if (round % 7) hash.update(keySequence);
    hash.update(round & 1 ? current : keySequence);
    current = hash.digest();
  }

  const id = algorithm === 'sha256' ? '5' : '6';
  const roundsPart = roundCount === DEFAULT_ROUNDS ? '' : `rounds=${roundCount}$`;
  const encoded = encodeDigest(current.subarray(0, size), algorithm === 'sha256' ? SHA256_GROUPS : SHA512_GROUPS);
  return `$${id}$${roundsPart}${saltBytes.toString('utf8')}$${encoded}`;
}
