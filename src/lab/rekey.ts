/**
 * `rekeyLabHost`: gives a running lab host a new host key, as a reinstall
 * would, without touching the lab's known_hosts file. Tools that check host
 * keys must then reject the host.
 */
import { rm } from 'node:fs/promises';
import { LabError } from './lab-error.js';
import { hostPaths, labPaths, resolveStateDir } from './paths.js';
import { isRunning, waitUntil } from './processes.js';
import { generateKeyPair, readBanner, readPublicKey } from './sshd.js';
import { readLabRecord } from './state-file.js';

/** Returns the host's new public key, `ssh-ed25519 AAAA...`. */
export async function rekeyLabHost(stateDir: string, name: string): Promise<string> {
  const dir = await resolveStateDir(stateDir);
  const record = await readLabRecord(labPaths(dir).stateFile);
  const host = record?.hosts.find((h) => h.name === name);
  const labHost = record?.lab.hosts.find((h) => h.name === name);
  if (!record || !host || !labHost) throw new LabError(`no lab host ${name} is recorded in ${dir}`);
  if (!host.sshd || !isRunning(host.sshd)) throw new LabError(`${name}: its sshd does not run, so it cannot take a new key`);

  const paths = hostPaths(dir, name);
  await rm(paths.hostKey, { force: true });
  await rm(`${paths.hostKey}.pub`, { force: true });
  await generateKeyPair(paths.hostKey, `root@${name}`, `${name}: make a new host key`);
  // On SIGHUP sshd executes itself again, which reads the host key anew.
  process.kill(host.sshd.pid, 'SIGHUP');
  const newKey = await readPublicKey(`${paths.hostKey}.pub`);
  if (!labHost.jumpHost) await waitForNewKey(labHost.address, name);
  return newKey;
}

/** Waits until sshd greets again after its restart. */
async function waitForNewKey(address: string, name: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  const greets = async () => (await readBanner(address, 22))?.startsWith('SSH-2.0-') ?? false;
  if (!(await waitUntil(greets, 10_000, 50))) throw new LabError(`${name}: sshd did not respond within 10 s after its new key`);
}
