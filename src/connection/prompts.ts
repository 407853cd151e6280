/**
 * Asks the person at the terminal for a secret (a password or a key
 * passphrase) without echoing it. Reads the controlling terminal, as
 * OpenSSH and Ansible do, so that it works when stdin is a pipe too.
 */
import { openSync } from 'node:fs';
import tty from 'node:tty';
import { SkprunError } from '../errors.js';

/** No terminal to ask on: the message says which variable gives the secret instead. */
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
