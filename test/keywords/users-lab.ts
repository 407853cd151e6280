/**
 * A lab of two hosts with login users besides root, for the tests of the
 * connection keywords (remote_user, become_method). alice may use sudo
 * without a password and bob with his password. carol has no sudo rights
 * but a password for su. Each test writes its own inventory and playbooks
 * into a temporary folder and runs the real CLI on them.
 *
 * SKPRUN_TEST_USERS_LAB_PREFIX sets the address prefix (default 127.0.22).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { labDown, labUp, type LabState } from '../../src/lab/index.js';
import { testImageCacheDir, testLabStateDir } from '../support/lab.js';
import { runSkprun, type SkprunRun } from '../support/run-skprun.js';

export const usersLabPrefix = process.env.SKPRUN_TEST_USERS_LAB_PREFIX ?? '127.0.22';

export const passwords = { root: 'root-su-secret-1', bob: 'bob-sudo-secret-2', carol: 'carol-su-secret-3' };

export interface UsersLab {
  lab: LabState;
  /** Temporary folder for inventories and playbooks. */
  dir: string;
}

export async function usersLabUp(): Promise<UsersLab> {
  const lab = await labUp({
    stateDir: testLabStateDir('users'),
    hosts: 2,
    docker: false,
    skew: {},
    addressPrefix: usersLabPrefix,
    imageCacheDir: testImageCacheDir,
    users: [
      { name: 'alice', sudo: 'nopasswd' },
      { name: 'bob', password: passwords.bob, sudo: 'password' },
      { name: 'carol', password: passwords.carol },
    ],
  });
  return { lab, dir: mkdtempSync(path.join(os.tmpdir(), 'skprun-users-test-')) };
}

export async function usersLabDown(lab: UsersLab | undefined): Promise<void> {
  if (!lab) return;
  await labDown(lab.lab.stateDir);
  rmSync(lab.dir, { recursive: true, force: true });
}

/**
 * Writes an inventory of the lab's hosts with no ansible_user, so that the
 * remote_user keyword and -u decide the login user, plus the given
 * variables for all hosts and for each host.
 */
export function writeInventory(
  { lab, dir }: UsersLab,
  name: string,
  vars: Record<string, unknown> = {},
  hostVars: Record<string, Record<string, unknown>> = {},
): string {
  const hosts = Object.fromEntries(
    lab.hosts.map((host) => [host.name, { ansible_host: host.address, ansible_port: host.port, ...hostVars[host.name] }]),
  );
  const common = { ansible_ssh_private_key_file: lab.privateKeyFile, skprun_known_hosts_file: lab.knownHostsFile };
  const file = path.join(dir, name);
  writeFileSync(file, stringify({ all: { vars: { ...common, ...vars }, hosts } }));
  return file;
}

/** Writes files (a playbook, a role) into the test folder and returns the path of the first. */
export function writeFiles({ dir }: UsersLab, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return path.join(dir, Object.keys(files)[0]);
}

/** Runs a playbook with JSON output. */
export function runPlaybook(inventory: string, playbook: string, ...args: string[]): Promise<SkprunRun> {
  return runSkprun(['-i', inventory, '--output', 'json', ...args, playbook]);
}
