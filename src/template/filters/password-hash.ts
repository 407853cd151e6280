/**
 * Ansible's password_hash filter: `'{{ pw | password_hash("sha512", "salt") }}'`
 * returns a crypt(3) hash for /etc/shadow. It takes sha512, sha256 and md5
 * (and their passlib names, sha512_crypt ...), an optional salt, salt_size
 * and rounds.
 */
import { CryptError, hashPassword } from '../../crypt/index.js';
import { TemplateError } from '../errors.js';
import { filter, type FilterTable } from './registry.js';

function optionalNumber(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : Number(value);
}

function passwordHash(value: unknown, hashtype: unknown = 'sha512', salt?: unknown, saltSize?: unknown, rounds?: unknown): string {
  try {
    return hashPassword(String(hashtype), String(value), {
      salt: salt === undefined || salt === null ? undefined : String(salt),
      saltSize: optionalNumber(saltSize),
      rounds: optionalNumber(rounds),
    });
  } catch (error) {
    if (error instanceof CryptError) throw new TemplateError(`the filter 'password_hash' failed: ${error.message}`);
    throw error;
  }
}

export const PASSWORD_FILTERS: FilterTable = {
  password_hash: filter(['hashtype', 'salt', 'salt_size', 'rounds'], passwordHash),
};
