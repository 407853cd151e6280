/**
 * Private key files for public key login: OpenSSH and PEM formats, with
 * ed25519, ecdsa and rsa keys (ssh2's parser). An encrypted key's
 * passphrase comes from the inventory, from SKPRUN_PRIVATE_KEY_PASSPHRASE,
 * or from the terminal, asked once per key file for the whole run.
 */
import { readFile } from 'node:fs/promises';
import ssh2, { type ParsedKey } from 'ssh2';
import { SkprunError } from '../errors.js';
import { askSecret, NoTerminalError } from './prompts.js';

/** A key file that cannot be used, with the reason. */
export class PrivateKeyError extends SkprunError {}

export const passphraseVariable = 'SKPRUN_PRIVATE_KEY_PASSPHRASE';

export interface KeyRequest {
  file: string;
  /**
   * Named by the user (inventory, -i, IdentityFile): a missing or unreadable
   * file is an error. A default ~/.ssh/id_* file is skipped instead.
   */
  explicit: boolean;
  /** Passphrase from the inventory (ansible_ssh_private_key_passphrase). */
  passphrase?: string;
}

const loaded = new Map<string, Promise<ParsedKey | undefined>>();

/**
 * Returns the parsed key, or undefined for a default key that cannot be
 * used. Concurrent and later calls for the same file share one load, so a
 * passphrase is asked for once.
 */
export function loadPrivateKey(request: KeyRequest): Promise<ParsedKey | undefined> {
  let key = loaded.get(request.file);
  if (!key) {
    key = readKey(request);
    loaded.set(request.file, key);
    // A failed load (a wrong passphrase in a variable) may succeed for another host's request.
    key.catch(() => loaded.delete(request.file));
  }
  return key;
}

/** Forgets loaded keys; for tests that change a key file in place. */
export function forgetLoadedKeys(): void {
  loaded.clear();
}

async function readKey(request: KeyRequest): Promise<ParsedKey | undefined> {
  let data: Buffer;
  try {
    data = await readFile(request.file);
  } catch (error) {
    if (!request.explicit) return undefined;
    const code = (error as NodeJS.ErrnoException).code;
    throw new PrivateKeyError(`private key ${request.file} ${code === 'ENOENT' ? 'not found' : `cannot be read (${code})`}`);
  }

  const plain = ssh2.utils.parseKey(data);
  if (!(plain instanceof Error)) return firstKey(plain);
  if (!/no passphrase given/i.test(plain.message)) {
    if (!request.explicit) return undefined;
    throw new PrivateKeyError(`private key ${request.file} cannot be used: ${plain.message}`);
  }
  return decryptKey(data, request);
}

function firstKey(parsed: ParsedKey | ParsedKey[]): ParsedKey {
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

function parseWith(data: Buffer, passphrase: string): ParsedKey | undefined {
  const parsed = ssh2.utils.parseKey(data, passphrase);
  return parsed instanceof Error ? undefined : firstKey(parsed);
}

async function decryptKey(data: Buffer, request: KeyRequest): Promise<ParsedKey | undefined> {
  const configured = request.passphrase ?? process.env[passphraseVariable];
  if (configured !== undefined) {
    const key = parseWith(data, configured);
    if (key) return key;
    throw new PrivateKeyError(`the passphrase given for private key ${request.file} is wrong`);
  }
  return askForPassphrase(data, request);
}

/** Asks up to three times, as ssh-add and OpenSSH do. */
async function askForPassphrase(data: Buffer, request: KeyRequest): Promise<ParsedKey | undefined> {
  const instead = `set ansible_ssh_private_key_passphrase or ${passphraseVariable}, or add the key to ssh-agent`;
  for (let attempt = 1; attempt <= 3; attempt++) {
    let passphrase: string;
    try {
      passphrase = await askSecret(`Enter passphrase for key '${request.file}': `, instead);
    } catch (error) {
      if (error instanceof NoTerminalError && !request.explicit) return undefined;
      if (error instanceof NoTerminalError) {
        throw new PrivateKeyError(`private key ${request.file} is encrypted and there is no terminal to ask for its passphrase; ${instead}`);
      }
      throw error;
    }
    const key = parseWith(data, passphrase);
    if (key) return key;
  }
  throw new PrivateKeyError(`wrong passphrase for private key ${request.file}, 3 times`);
}
