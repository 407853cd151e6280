/**
 * Runs the machine's tools (ip, mount, nsenter, ssh-keygen, tar) for the lab,
 * with a fixed PATH so that a user's shims never pick the binary.
 */
import { execFile } from 'node:child_process';
import { LabError } from './lab-error.js';

export const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Environment for every command and daemon the lab starts. */
export function labEnvironment(): NodeJS.ProcessEnv {
  return { PATH: systemPath, LANG: 'C.UTF-8', HOME: '/root' };
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** Returns the last lines of a command's or a log's output, for messages. */
export function tail(text: string, lines = 5): string {
  return text.trim().split('\n').slice(-lines).join(' | ');
}

/**
 * Runs argv and returns its output. A non-zero exit raises a LabError that
 * names `action` (e.g. "c01: mount /etc"), the command and the end of stderr.
 */
export function runCommand(
  argv: string[],
  action: string,
  timeoutMs = 30_000,
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const options = { env: labEnvironment(), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 };
    execFile(argv[0], argv.slice(1), options, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr });
      const status = error.killed
        ? `timed out after ${timeoutMs} ms`
        : `failed (${error.code ?? error.signal})`;
      const detail = tail(stderr || stdout || error.message);
      reject(new LabError(`${action}: \`${argv.join(' ')}\` ${status}: ${detail}`));
    });
  });
}

/** Runs argv and reports only whether it exited with status 0. */
export async function succeeds(argv: string[]): Promise<boolean> {
  try {
    await runCommand(argv, 'check');
    return true;
  } catch {
    return false;
  }
}
