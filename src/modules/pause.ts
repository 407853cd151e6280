/**
 * pause: waits a number of seconds or minutes, or asks a question at the
 * terminal, as Ansible's pause module does. It runs on the controller.
 * Without a terminal, a timed pause still waits (its prompt is not shown),
 * and a pause that would wait for an answer fails at once, because no one
 * can give one.
 */
import { openSync } from 'node:fs';
import readline from 'node:readline';
import { Writable, type Readable } from 'node:stream';
import tty from 'node:tty';
import { failure, type ModuleDefinition, type ModuleResult } from './module.js';

export interface PauseArgs {
  /** How long to wait; seconds wins when both are given. */
  seconds?: number;
  minutes?: number;
  /** The question to ask; the answer is returned as `user_input`. */
  prompt?: string;
  /** Shows what is typed (default true); false for secrets. */
  echo?: boolean;
}

const duration = { type: 'number', minimum: 0 };
const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    seconds: duration,
    minutes: duration,
    prompt: { type: 'string' },
    echo: { type: 'boolean' },
  },
};

/** Ansible's prompt when a pause without a duration gives none. */
export const DEFAULT_PROMPT = 'Press enter to continue, Ctrl+C to interrupt';

/** The terminal side of a pause: it shows the prompt and reads the answer. */
export interface Prompter {
  show(text: string): void;
  ask(question: string, echo: boolean): Promise<string>;
}

export interface PauseDependencies {
  /** The terminal, or undefined when stdin is not one. */
  terminal: Prompter | undefined;
  sleep(ms: number): Promise<void>;
  now(): Date;
}

/** Returns the wait in seconds, or undefined for a pause that waits for Enter. */
export function waitSeconds(args: PauseArgs): number | undefined {
  if (args.seconds !== undefined) return args.seconds;
  return args.minutes === undefined ? undefined : args.minutes * 60;
}

function pausedFor(args: PauseArgs, elapsedSeconds: number): string {
  if (args.seconds === undefined && args.minutes !== undefined) return `Paused for ${(elapsedSeconds / 60).toFixed(2)} minutes`;
  return `Paused for ${elapsedSeconds.toFixed(2)} seconds`;
}

/** Runs the pause with its terminal and clock given, so that tests can supply both. */
export async function pause(args: PauseArgs, deps: PauseDependencies): Promise<ModuleResult> {
  const seconds = waitSeconds(args);
  const echo = args.echo ?? true;
  const start = deps.now();
  let userInput = '';

  if (seconds !== undefined) {
    if (args.prompt !== undefined && deps.terminal) deps.terminal.show(`${args.prompt}\n`);
    await deps.sleep(seconds * 1000);
  } else if (!deps.terminal) {
    const what = args.prompt === undefined ? 'waiting for Enter' : `the prompt ${JSON.stringify(args.prompt)}`;
    return failure(`pause: ${what} needs a terminal, and stdin is not one; give seconds or minutes to wait without asking`);
  } else {
    userInput = await deps.terminal.ask(`${args.prompt ?? DEFAULT_PROMPT}: `, echo);
  }

  const stop = deps.now();
  const elapsed = (stop.getTime() - start.getTime()) / 1000;
  const stdout = pausedFor(args, elapsed);
  return {
    changed: false,
    msg: seconds === undefined ? 'got an answer at the terminal' : stdout,
    ...{ start: start.toISOString(), stop: stop.toISOString(), delta: Math.trunc(elapsed) },
    ...{ user_input: userInput, echo, stdout },
  };
}

// ---- The terminal ----

/** A prompt ended with Ctrl-C or Ctrl-D instead of an answer. */
export class PromptInterruptedError extends Error {}

/** Passes writes on until muted, so that a secret typed in raw mode is not shown. */
class MutableOutput extends Writable {
  muted = false;

  constructor(private readonly target: NodeJS.WritableStream) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    if (!this.muted) this.target.write(chunk);
    done();
  }
}

/**
 * Writes the question and reads one line. Readline runs the input in raw
 * mode and echoes the typing itself, so muting its output hides a secret.
 */
export function askAtTerminal(input: Readable, output: NodeJS.WritableStream, question: string, echo: boolean): Promise<string> {
  const shown = new MutableOutput(output);
  const lines = readline.createInterface({ input, output: shown, terminal: true });
  return new Promise<string>((resolve, reject) => {
    let answered = false;
    lines.on('SIGINT', () => lines.close());
    lines.on('close', () => {
      if (!echo) output.write('\n');
      if (!answered) reject(new PromptInterruptedError(`the prompt ${JSON.stringify(question.trim())} was interrupted`));
    });
    lines.question(question, (answer) => {
      answered = true;
      resolve(answer);
      lines.close();
    });
    shown.muted = !echo;
  });
}

/**
 * Runs one question at a time on /dev/tty. Hosts that ask the same question
 * while it is open share the answer, since Ansible asks once per batch of hosts.
 */
function terminalPrompter(): Prompter {
  let queue: Promise<unknown> = Promise.resolve();
  const open = new Map<string, Promise<string>>();
  const ask = (question: string, echo: boolean) => {
    const input = new tty.ReadStream(openSync('/dev/tty', 'r'));
    const output = new tty.WriteStream(openSync('/dev/tty', 'w'));
    return askAtTerminal(input, output, question, echo).finally(() => {
      input.destroy();
      output.end();
    });
  };
  return {
    show: (text) => {
      const output = new tty.WriteStream(openSync('/dev/tty', 'w'));
      output.end(text);
    },
    ask: (question, echo) => {
      const key = `${echo}:${question}`;
      let answer = open.get(key);
      if (!answer) {
        answer = queue.then(() => ask(question, echo)).finally(() => open.delete(key));
        open.set(key, answer);
        queue = answer.catch(() => undefined);
      }
      return answer;
    },
  };
}

const prompter = terminalPrompter();

async function run(args: PauseArgs): Promise<ModuleResult> {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  // As in Ansible, the prompt needs stdin to be a terminal. It is then read from /dev/tty.
  const terminal = process.stdin.isTTY ? prompter : undefined;
  try {
    return await pause(args, { terminal, sleep, now: () => new Date() });
  } catch (error) {
    if (error instanceof PromptInterruptedError) return failure(`pause: ${error.message}`);
    throw error;
  }
}

const pauseModule: ModuleDefinition<PauseArgs> = {
  name: 'pause',
  aliases: ['ansible.builtin.pause', 'ansible.legacy.pause'],
  schema,
  idempotent: true,
  controllerOnly: true,
  run,
};

export default pauseModule;
