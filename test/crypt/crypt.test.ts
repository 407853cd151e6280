import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { CryptError, hashPassword } from '../../src/crypt/index.js';

/** Hashes with this machine's `openssl passwd`, the reference for the three schemes. */
function openssl(flag: string, password: string, salt: string): string {
  return execFileSync('openssl', ['passwd', flag, '-salt', salt, '-stdin'], { input: `${password}\n` }).toString().trim();
}

// Passwords of many lengths cover each bit pattern of the key length that
// the schemes branch on, and a multi-byte one covers UTF-8 input. openssl
// passwd cannot hash an empty password read from stdin, so none is here.
const PASSWORDS = ['a', 'secret', 'correct horse battery staple', 'x'.repeat(63), 'p'.repeat(64), 'y'.repeat(129), 'pässwörd ✓'];
const SALTS = ['s', 'saltsalt', 'abcdefghijklmnop', './09AZaz'];

const SCHEMES = [
  { scheme: 'sha512_crypt', flag: '-6', maxSalt: 16 },
  { scheme: 'sha256_crypt', flag: '-5', maxSalt: 16 },
  { scheme: 'md5_crypt', flag: '-1', maxSalt: 8 },
];

describe('crypt hashes', () => {
  for (const { scheme, flag, maxSalt } of SCHEMES) {
    it(`${scheme} matches openssl passwd ${flag}`, () => {
      for (const password of PASSWORDS) {
        for (const salt of SALTS.map((text) => text.slice(0, maxSalt))) {
          const expected = openssl(flag, password, salt);
          expect(hashPassword(scheme, password, { salt }), `${JSON.stringify(password)} with salt ${salt}`).to.equal(expected);
        }
      }
    });
  }

  it('writes rounds other than 5000 into the hash', () => {
    // Drepper's specification, test vector 2 of SHA-512 and of SHA-256.
    expect(hashPassword('sha512', 'Hello world!', { salt: 'saltstringsaltst', rounds: 10000 })).to.equal(
      '$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.',
    );
    expect(hashPassword('sha256', 'Hello world!', { salt: 'saltstringsaltst', rounds: 10000 })).to.equal(
      '$5$rounds=10000$saltstringsaltst$3xv.VbSHBb41AL9AvLeujZkZRBAwqFMz2.opqey6IcA',
    );
  });

  it('makes random salts of the given size', () => {
    const first = hashPassword('sha512_crypt', 'pw', { saltSize: 8 });
    const second = hashPassword('sha512_crypt', 'pw', { saltSize: 8 });
    expect(first).to.match(/^\$6\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{86}$/);
    expect(first).to.not.equal(second);
    expect(hashPassword('md5_crypt', 'pw')).to.match(/^\$1\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{22}$/);
    expect(hashPassword('sha256_crypt', 'pw')).to.match(/^\$5\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{43}$/);
  });

  it('rejects bad schemes, salts and sizes', () => {
    expect(() => hashPassword('bcrypt', 'pw')).to.throw(CryptError, 'unsupported hash scheme "bcrypt": expected one of');
    expect(() => hashPassword('sha512', 'pw', { salt: 'bad salt' })).to.throw(CryptError, 'expected only the characters ./0-9A-Za-z');
    expect(() => hashPassword('md5', 'pw', { salt: '123456789' })).to.throw(CryptError, 'at most 8 characters, got 9');
    expect(() => hashPassword('sha512', 'pw', { saltSize: 17 })).to.throw(CryptError, 'salt_size 17 is invalid for sha512_crypt: expected 1 to 16');
    expect(() => hashPassword('sha256', 'pw', { rounds: 999 })).to.throw(CryptError, 'rounds 999 is invalid');
  });
});
