/**
 * The login methods to try on a server, in the order OpenSSH users expect:
 * the keys they named, the ssh-agent's keys, the default ~/.ssh/id_* keys,
 * then a password (as password and as keyboard-interactive login).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KeyboardInteractiveCallback, ParsedKey, Prompt } from 'ssh2';
import { loadPrivateKey } from './private-keys.js';
import type { SshEndpoint } from './ssh-target.js';

/** One entry of ssh2's authHandler list, with a label for messages. */
export type AuthMethod = { label: string } & (
  | { type: 'publickey'; username: string; key: ParsedKey }
  | { type: 'agent'; username: string; agent: string }
  | { type: 'password'; username: string; password: string }
  | {
      type: 'keyboard-interactive';
      username: string;
      prompt: (name: string, instructions: string, lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) => void;
    }
);

/** Lists the files OpenSSH tries when no IdentityFile is set. */
export function defaultIdentityFiles(): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => join(homedir(), '.ssh', name));
}

export async function authMethods(endpoint: SshEndpoint): Promise<AuthMethod[]> {
  const username = endpoint.user;
  const methods: AuthMethod[] = [];
  const named = [endpoint.privateKeyFile, ...(endpoint.identityFiles ?? [])].filter((f): f is string => Boolean(f));

  for (const file of new Set(named)) {
    const key = await loadPrivateKey({ file, explicit: true, passphrase: endpoint.privateKeyPassphrase });
    if (key) methods.push({ type: 'publickey', username, key, label: `key ${file}` });
  }
  if (!endpoint.identitiesOnly) {
    const agent = endpoint.agentSocket === undefined ? process.env.SSH_AUTH_SOCK : endpoint.agentSocket;
    if (agent) methods.push({ type: 'agent', username, agent, label: `ssh-agent ${agent}` });
    if (named.length === 0) methods.push(...(await defaultKeyMethods(username, endpoint.privateKeyPassphrase)));
  }
  if (endpoint.password !== undefined) methods.push(...passwordMethods(username, endpoint.password));
  return methods;
}

async function defaultKeyMethods(username: string, passphrase: string | undefined): Promise<AuthMethod[]> {
  const methods: AuthMethod[] = [];
  for (const file of defaultIdentityFiles()) {
    const key = await loadPrivateKey({ file, explicit: false, passphrase });
    if (key) methods.push({ type: 'publickey', username, key, label: `key ${file}` });
  }
  return methods;
}

function passwordMethods(username: string, password: string): AuthMethod[] {
  // Servers with PAM often offer keyboard-interactive alone; each of its prompts gets the password.
  const prompt = (_name: string, _instructions: string, _lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) =>
    finish(prompts.map(() => password));
  return [
    { type: 'password', username, password, label: 'password' },
    { type: 'keyboard-interactive', username, prompt, label: 'keyboard-interactive' },
  ];
}

/** Names the methods tried, for the message when every one failed. */
export function describeMethods(methods: AuthMethod[]): string {
  if (methods.length === 0) return 'no key, agent or password to try';
  return methods.map((m) => m.label).join(', ');
}
