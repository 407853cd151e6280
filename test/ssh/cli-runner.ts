/**
 * Runs the real skprun command for the SSH lab tests: with an environment
 * of the test's choosing, without a controlling terminal (so that a prompt
 * must fail), or on a pseudo-terminal made by script(1), answering each
 * prompt when it appears.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { shellJoin } from '../../src/connection/quote.js';

const bin = fileURLToPath(new URL('../../../bin/skprun.js', import.meta.url));
export const projectDir = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs skprun in a session of its own, which has no controlling terminal. */
export function runDetached(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: projectDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ status: code ?? 255, stdout, stderr }));
  });
}

export interface TerminalRun {
  status: number;
  /** Everything the terminal showed, prompts included. */
  transcript: string;
  /** How many times each prompt was answered. */
  answered: Map<string, number>;
}

/**
 * Runs skprun on a pseudo-terminal and types `answers[prompt]` each time the
 * prompt text appears. Answers are typed only after the prompt, when the
 * prompt has turned echo off, so they never show in the transcript.
 */
export function runOnTerminal(args: string[], answers: Record<string, string>, timeoutMs = 60_000): Promise<TerminalRun> {
  const command = shellJoin([process.execPath, bin, ...args]);
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: projectDir, stdio: ['pipe', 'pipe', 'pipe'] });
    const answered = new Map<string, number>();
    let transcript = '';
    let scanned = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      transcript += chunk.toString();
      for (const [prompt, answer] of Object.entries(answers)) {
        const at = transcript.indexOf(prompt, scanned);
        if (at < 0) continue;
        scanned = at + prompt.length;
        answered.set(prompt, (answered.get(prompt) ?? 0) + 1);
        // A short pause lets the prompt switch the terminal to raw mode first.
        setTimeout(() => child.stdin.write(`${answer}\r`), 100);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (transcript += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? 255, transcript, answered });
    });
  });
}
