/**
 * Runs Debian's ansible-playbook on the conformance playbooks and reads its
 * PLAY RECAP, for comparison with skprun's.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostStats } from '../../src/engine/events.js';

/** Folder of the playbooks and ansible.cfg, in the source tree (tsc copies no YAML). */
export const conformanceDir = fileURLToPath(new URL('../../../test/conformance/', import.meta.url));

export interface ToolOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Raises a clear error when ansible-playbook is not installed. */
export function requireAnsible(): void {
  try {
    execFileSync('ansible-playbook', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'ansible-playbook is not installed: the conformance tests compare skprun with it. ' +
        'Install the Debian packages ansible and python3-docker (scripts/install-deps does).',
    );
  }
}

/** Closes the SSH masters of one run, so that no ssh process outlives it. */
function closeMasters(controlDir: string): void {
  for (const socket of readdirSync(controlDir)) {
    try {
      execFileSync('ssh', ['-o', `ControlPath=${path.join(controlDir, socket)}`, '-O', 'exit', 'lab'], {
        stdio: 'ignore',
      });
    } catch {
      // A master that has already gone needs no closing.
    }
  }
  rmSync(controlDir, { recursive: true, force: true });
}

/** Runs ansible-playbook with the tests' ansible.cfg and its own SSH control folder. */
export async function runAnsiblePlaybook(args: string[]): Promise<ToolOutput> {
  const controlDir = mkdtempSync(path.join(tmpdir(), 'skprun-conformance-cp-'));
  const env = {
    ...process.env,
    ANSIBLE_CONFIG: path.join(conformanceDir, 'ansible.cfg'),
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
  };
  try {
    return await new Promise<ToolOutput>((resolve, reject) => {
      const child = spawn('ansible-playbook', args, { cwd: conformanceDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ exitCode: code ?? 255, stdout, stderr }));
    });
  } finally {
    closeMasters(controlDir);
  }
}

const RECAP_ROW = /^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$/;

/** Reads the rows under PLAY RECAP: `c01 : ok=2 changed=1 ...` per host. */
export function parseRecap(stdout: string): Record<string, HostStats> {
  const start = stdout.lastIndexOf('PLAY RECAP');
  if (start < 0) throw new Error(`no PLAY RECAP in the output:\n${stdout}`);
  const stats: Record<string, HostStats> = {};
  for (const line of stdout.slice(start).split('\n').slice(1)) {
    const match = RECAP_ROW.exec(line.trim());
    if (!match) continue;
    const counts = Object.fromEntries(
      match[2]
        .trim()
        .split(/\s+/)
        .map((pair) => pair.split('='))
        .map(([key, value]) => [key, Number(value)]),
    );
    stats[match[1]] = counts as unknown as HostStats;
  }
  return stats;
}
