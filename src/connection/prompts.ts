/**
 * Asks the person at the terminal for a secret (a password or a key
 * passphrase) without echoing it. Reads the controlling terminal, as
 * OpenSSH and Ansible do, so that it works when stdin is a pipe too.
 */
import { openSync } from 'node:fs';
import tty from 'node:tty';
import { SkprunError } from '../errors.js';

/** No terminal to ask on: the message names the variable that gives the secret instead. */
export class NoTerminalError extends SkprunError {}

/** A prompt the user ended with Ctrl-C or Ctrl-D. */
export class PromptCancelledError extends SkprunError {}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Writes `question` to the terminal and returns the line typed. Prompts
 * run one at a time, so hosts connecting in parallel never interleave
 * them. `instead` names what to set when there is no terminal.
 */
export function askSecret(question: string, instead: string): Promise<string> {
  const answer = queue.then(() => readSecretLine(question, instead));
  queue = answer.catch(() => undefined);
  return answer;
}

function openTerminal(question: string, instead: string): { input: tty.ReadStream; output: tty.WriteStream } {
  try {
    // Two descriptors, so that each stream closes its own.
    return { input: new tty.ReadStream(openSync('/dev/tty', 'r')), output: new tty.WriteStream(openSync('/dev/tty', 'w')) };
  } catch {
    throw new NoTerminalError(`cannot ask "${question.trim()}": there is no terminal; ${instead}`);
  }
}

function readSecretLine(question: string, instead: string): Promise<string> {
  const { input, output } = openTerminal(question, instead);
  output.write(question);
  input.setRawMode(true);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.removeAllListeners('data');
      input.destroy();
      output.end('\n', () => (error ? reject(error) : resolve(typed)));
    };
    input.on('data', (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new PromptCancelledError(`"${question.trim()}" was cancelled`));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    });
  });
}

export interface RunSecrets {
  password?: string;
  becomePassword?: string;
}

/**
 * Asks once, before any host is contacted, for the passwords that -k
 * (--ask-pass) and -K (--ask-become-pass) request. As in Ansible, an empty
 * become password falls back to the SSH password.
 */
export async function askRunSecrets(options: { askPass?: boolean; askBecomePass?: boolean }): Promise<RunSecrets> {
  const secrets: RunSecrets = {};
  if (options.askPass) {
    secrets.password = await askSecret('SSH password: ', 'give it as ansible_password in the inventory instead');
  }
  if (options.askBecomePass) {
    const question = options.askPass ? 'BECOME password[defaults to SSH password]: ' : 'BECOME password: ';
    const answer = await askSecret(question, 'give it as ansible_become_password in the inventory instead');
    secrets.becomePassword = answer === '' && secrets.password !== undefined ? secrets.password : answer;
  }
  return secrets;
}
