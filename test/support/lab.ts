/**
 * The lab that lab tests share: one lab per mocha process, started on the
 * first `sharedLab()` call and brought down by the root hook after all
 * tests. Load it with `mocha --require dist/test/support/lab.js`.
 *
 * Environment:
 * - SKPRUN_TEST_LAB_PREFIX: address prefix of the shared lab (default
 *   127.0.1, so c01 is 127.0.1.51);
 * - SKPRUN_TEST_EXTRA_LAB_PREFIX: prefix of labs from `startSkewedLab`
 *   (default: the shared prefix with 100 added to its last octet);
 * - SKPRUN_TEST_LAB_LOG=1: print the labs' progress lines on stderr.
 */
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from '../../src/connection/connection.js';
import { SshConnection } from '../../src/connection/ssh.js';
import { labDown, labUp, type LabState } from '../../src/lab/index.js';

export const testLabPrefix = process.env.SKPRUN_TEST_LAB_PREFIX ?? '127.0.1';

/**
 * Prefix for a second lab beside the shared one. Its last octet differs, so
 * their subnets differ too.
 */
export const extraLabPrefix =
  process.env.SKPRUN_TEST_EXTRA_LAB_PREFIX ?? shiftLastOctet(testLabPrefix, 100);

function shiftLastOctet(prefix: string, by: number): string {
  const octets = prefix.split('.');
  octets[2] = String((Number(octets[2]) + by) % 256);
  return octets.join('.');
}

const stateDirPrefix = 'skprun-test-lab-';

/** Image tarballs of the test labs, kept across test runs. */
export const testImageCacheDir = path.join(os.tmpdir(), 'skprun-test-lab-images');

function labLog(line: string): void {
  if (process.env.SKPRUN_TEST_LAB_LOG) process.stderr.write(`  [lab] ${line}\n`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Brings down labs left by test runs that died before their hooks ran. A
 * test lab's folder carries the pid of its mocha process, so a folder whose
 * process is gone belongs to no one.
 */
async function takeDownStaleTestLabs(): Promise<void> {
  for (const entry of await readdir(os.tmpdir())) {
    const match = new RegExp(`^${stateDirPrefix}(\\d+)(-|$)`).exec(entry);
    if (!match || isAlive(Number(match[1]))) continue;
    labLog(`taking down the stale test lab ${entry}`);
    try {
      await labDown(path.join(os.tmpdir(), entry), labLog);
    } catch (error) {
      // The new lab may still start; if the stale one still uses its addresses, labUp reports it.
      process.stderr.write(
        `  [lab] could not take down the stale test lab ${entry}: ${(error as Error).message}\n`,
      );
    }
  }
}

/** Returns a state folder for a test lab of this process. */
export function testLabStateDir(name: string): string {
  return path.join(os.tmpdir(), `${stateDirPrefix}${process.pid}-${name}`);
}

let shared: Promise<LabState> | undefined;

/** Starts the shared lab (3 hosts with Docker engines) on the first call and returns it. */
export function sharedLab(): Promise<LabState> {
  shared ??= (async () => {
    await takeDownStaleTestLabs();
    const options = { stateDir: testLabStateDir('shared'), hosts: 3, docker: true, skew: {} };
    return labUp({
      ...options,
      addressPrefix: testLabPrefix,
      imageCacheDir: testImageCacheDir,
      log: labLog,
    });
  })();
  return shared;
}

/** Opens an SSH connection to a lab host, checking its key against the lab's known_hosts. */
export function openLabConnection(lab: LabState, name: string): Promise<SshConnection> {
  const host = lab.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`the lab in ${lab.stateDir} has no host ${name}`);
  return SshConnection.open({
    hostName: host.name,
    address: host.address,
    port: host.port,
    user: 'root',
    privateKeyFile: lab.privateKeyFile,
    knownHostsFiles: [lab.knownHostsFile],
    hostKeyChecking: true,
    connectTimeoutMs: 10_000,
    maxChannels: 8,
  });
}

const connections = new Map<string, Promise<SshConnection>>();

/** Connects to a host of the shared lab, once: later calls return the same connection. */
export async function connectLabHost(name: string): Promise<Connection> {
  let connection = connections.get(name);
  if (!connection) {
    connection = sharedLab().then((lab) => openLabConnection(lab, name));
    connections.set(name, connection);
    // A failed open is not cached, so a later test tries again.
    connection.catch(() => connections.delete(name));
  }
  return connection;
}

export interface ExtraLab {
  state: LabState;
  /** Opens a new connection to one of its hosts (the caller closes it). */
  connect(name: string): Promise<SshConnection>;
  down(): Promise<void>;
}

const extraLabs = new Set<ExtraLab>();

/**
 * Starts a lab of its own beside the shared one, on extraLabPrefix, with
 * the given clock skew (e.g. `{ c02: 600 }`). One at a time per process,
 * since they share the prefix; the root hook brings down any left up.
 */
export async function startSkewedLab(
  skew: Record<string, number>,
  options: { hosts?: number; docker?: boolean; name?: string } = {},
): Promise<ExtraLab> {
  const stateDir = testLabStateDir(options.name ?? 'skewed');
  const hosts = options.hosts ?? 2;
  const state = await labUp({
    stateDir,
    hosts,
    docker: options.docker ?? false,
    skew,
    addressPrefix: extraLabPrefix,
    imageCacheDir: testImageCacheDir,
    log: labLog,
  });
  const lab: ExtraLab = {
    state,
    connect: (name) => openLabConnection(state, name),
    down: async () => {
      extraLabs.delete(lab);
      await labDown(stateDir, labLog);
    },
  };
  extraLabs.add(lab);
  return lab;
}

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(120_000);
    const opened = await Promise.allSettled(connections.values());
    for (const result of opened) {
      if (result.status === 'fulfilled') await result.value.close();
    }
    connections.clear();

    for (const lab of [...extraLabs]) await lab.down();
    if (shared) {
      const lab = await shared.catch(() => undefined);
      shared = undefined;
      // A failed start has taken itself down; only a started lab needs it.
      if (lab) await labDown(lab.stateDir, labLog);
    }
  },
};
