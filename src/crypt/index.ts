/**
 * crypt(3) password hashes by scheme name, with the names that Ansible's
 * vars_prompt `encrypt` (passlib's: sha512_crypt, ...) and the
 * password_hash filter (sha512, ...) use.
 */
import { randomInt } from 'node:crypto';
import { CRYPT_ALPHABET } from './crypt-base64.js';
import { md5Crypt, MAX_MD5_SALT_LENGTH } from './md5-crypt.js';
import { DEFAULT_ROUNDS, MAX_SHA_SALT_LENGTH, shaCrypt } from './sha-crypt.js';

export type CryptScheme = 'sha512_crypt' | 'sha256_crypt' | 'md5_crypt';

const SCHEME_NAMES: Record<string, CryptScheme> = {
  sha512_crypt: 'sha512_crypt',
  sha512: 'sha512_crypt',
  sha256_crypt: 'sha256_crypt',
  sha256: 'sha256_crypt',
  md5_crypt: 'md5_crypt',
  md5: 'md5_crypt',
};

/** The maximum salt length of each scheme, which is also the size of a generated salt, as in passlib. */
const MAX_SALT_LENGTH: Record<CryptScheme, number> = {
  sha512_crypt: MAX_SHA_SALT_LENGTH,
  sha256_crypt: MAX_SHA_SALT_LENGTH,
  md5_crypt: MAX_MD5_SALT_LENGTH,
};

export class CryptError extends Error {}

export interface HashOptions {
  /** The salt to use. A random one is made when none is given. */
  salt?: string;
  /** Length of the random salt in characters, by default the scheme's maximum. */
  saltSize?: number;
  /** Rounds of sha256_crypt and sha512_crypt, by default 5000. md5_crypt has a fixed count. */
  rounds?: number;
}

/** Returns the scheme a name stands for, or raises CryptError listing the names. */
export function cryptScheme(name: string): CryptScheme {
  const scheme = SCHEME_NAMES[name];
  if (!scheme) throw new CryptError(`unsupported hash scheme "${name}": expected one of ${Object.keys(SCHEME_NAMES).join(', ')}`);
  return scheme;
}

export function randomSalt(size: number): string {
  let salt = '';
  for (let i = 0; i < size; i++) salt += CRYPT_ALPHABET[randomInt(CRYPT_ALPHABET.length)];
  return salt;
}

/** Hashes a password with a scheme. Raises CryptError for a salt or size the scheme cannot take. */
export function hashPassword(schemeName: string, password: string, options: HashOptions = {}): string {
  const scheme = cryptScheme(schemeName);
  const salt = options.salt ?? randomSalt(saltSizeOf(scheme, options.saltSize));
  checkSalt(scheme, salt);
  if (scheme === 'md5_crypt') {
    if (options.rounds !== undefined) throw new CryptError('md5_crypt has a fixed number of rounds: remove rounds');
    return md5Crypt(password, salt);
  }
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  if (!Number.isInteger(rounds) || rounds < 1000 || rounds > 999_999_999) {
    throw new CryptError(`rounds ${rounds} is invalid for ${scheme}: expected an integer from 1000 to 999999999`);
  }
  return shaCrypt(scheme === 'sha256_crypt' ? 'sha256' : 'sha512', password, salt, rounds);
}

function saltSizeOf(scheme: CryptScheme, size: number | undefined): number {
  const max = MAX_SALT_LENGTH[scheme];
  if (size === undefined) return max;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new CryptError(`salt_size ${size} is invalid for ${scheme}: expected 1 to ${max}`);
  }
  return size;
}

function checkSalt(scheme: CryptScheme, salt: string): void {
  const max = MAX_SALT_LENGTH[scheme];
  if (salt.length > max) throw new CryptError(`the salt of ${scheme} has at most ${max} characters, got ${salt.length}`);
  if (![...salt].every((char) => CRYPT_ALPHABET.includes(char))) {
    throw new CryptError(`the salt "${salt}" is invalid: expected only the characters ./0-9A-Za-z`);
  }
}
