/**
 * The three things every scenario runs: skprun, ansible-playbook with the
 * bench's ansible.cfg, and the floor (floor.sh). Each builder returns the
 * command to measure; nothing here measures or decides.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from './measure.js';

export const projectDir = fileURLToPath(new URL('../../', import.meta.url));
export const benchDir = path.join(projectDir, 'bench');
let skprunBin = path.join(projectDir, 'bin', 'skprun.js');

/** Makes every skprun command run this bin/skprun.js (a snapshot's) instead of the tree's. */
export function useSkprunBin(bin: string): void {
  skprunBin = bin;
}

export type Tool = 'skprun' | 'ansible' | 'floor';

const quietEnv = { NO_COLOR: '1', FORCE_COLOR: '0', ANSIBLE_NOCOLOR: '1' };

export function skprunCommand(args: string[]): Command {
  return { argv: [process.execPath, skprunBin, ...args], cwd: projectDir, env: quietEnv };
}

export function skprunPlaybook(inventory: string, playbook: string, forks: number): Command {
  return skprunCommand(['-i', inventory, '-f', String(forks), '--output', 'plain', playbook]);
}

/**
 * Builds an ansible-playbook run with its own ControlPath folder. Call
 * `closeAnsibleMasters` on it after the run, outside the time measured.
 */
export function ansiblePlaybook(inventory: string, playbook: string, forks: number): Command & { controlDir: string } {
  const controlDir = mkdtempSync(path.join(tmpdir(), 'skpbench-cp-'));
  const env = {
    ...quietEnv,
    ANSIBLE_CONFIG: path.join(benchDir, 'ansible.cfg'),
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
  };
  return { argv: ['ansible-playbook', '-i', inventory, '-f', String(forks), playbook], cwd: projectDir, env, controlDir };
}

/** Stops the ControlPersist masters an Ansible run left and removes their folder. */
export function closeAnsibleMasters(controlDir: string): void {
  for (const socket of readdirSync(controlDir)) {
    try {
      execFileSync('ssh', ['-o', `ControlPath=${path.join(controlDir, socket)}`, '-O', 'exit', 'x'], { stdio: 'ignore' });
    } catch {
      // A master that already exited has nothing left to stop.
    }
  }
  rmSync(controlDir, { recursive: true, force: true });
}

/** Builds a floor.sh run of a steps file of bench/floor, with values for its @NAME@ placeholders. */
export function floorCommand(hostsFile: string, steps: string, values: Record<string, string> = {}): Command {
  const pairs = Object.entries(values).map(([name, value]) => `${name}=${value}`);
  const argv = ['bash', path.join(benchDir, 'floor.sh'), hostsFile, path.join(benchDir, 'floor', steps), ...pairs];
  return { argv, cwd: projectDir };
}

export interface HostRecap {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
}

/** Reads the PLAY RECAP rows that skprun and ansible-playbook both print. */
export function parseRecap(stdout: string): Map<string, HostRecap> {
  const rows = new Map<string, HostRecap>();
  const row = /^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm;
  for (const match of stdout.matchAll(row)) {
    const [, host, ok, changed, unreachable, failed] = match;
    rows.set(host, { ok: Number(ok), changed: Number(changed), unreachable: Number(unreachable), failed: Number(failed) });
  }
  return rows;
}
