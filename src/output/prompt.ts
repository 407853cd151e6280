/**
 * Asks vars_prompt questions on the terminal. The question goes to stderr,
 * so that stdout keeps only the run's output (JSON lines, for one); a
 * private answer is not echoed. Without a terminal on stdin nothing is
 * asked and the engine takes the prompt's default.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { PromptRequest, Prompter } from '../engine/vars-prompt.js';

/** Returns a Prompter that first waits for `flush`, so the question follows the output before it. */
export function terminalPrompter(flush: () => Promise<void>): Prompter {
  return async (request) => {
    if (!process.stdin.isTTY) return undefined;
    await flush();
    const answer = await ask(questionText(request), request.isPrivate);
    if (!request.confirm) return answer;
    const again = await ask(`confirm ${questionText(request)}`, request.isPrivate);
    if (again !== answer) throw new Error(`vars_prompt ${request.name}: the two answers differ`);
    return answer;
  };
}

function questionText(request: PromptRequest): string {
  const fallback = request.default === undefined ? '' : ` [${request.default}]`;
  return `${request.prompt}${fallback}: `;
}

function ask(question: string, isPrivate: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    reader.question(question, (answer) => {
      reader.close();
      if (isPrivate) process.stderr.write('\n');
      resolve(answer);
    });
    muted = isPrivate;
  });
}
