/**
 * `skprun lab up|down|status`: the command-line face of src/lab.
 */
import { resolve } from 'node:path';
import { OptionError } from '../errors.js';
import type { LabStatus } from '../lab/index.js';

interface LabUpCliOptions {
  hosts: number;
  docker?: boolean;
  skew: string[];
  addressPrefix: string;
  stateDir: string;
  replace?: boolean;
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const LOOPBACK_PREFIX = new RegExp(`^127\\.${OCTET}\\.${OCTET}$`);
/** The lab's own limit: host i gets the address suffix 50 + i. */
const MAX_LAB_HOSTS = 99;

const log = (line: string) => void process.stdout.write(`${line}\n`);

/** Parses --skew c02=600 (seconds, may be negative or fractional). */
export function parseSkew(values: string[]): Record<string, number> {
  const skew: Record<string, number> = {};
  for (const value of values) {
    const match = /^([A-Za-z0-9_.-]+)=([+-]?\d+(?:\.\d+)?)$/.exec(value);
    if (!match) throw new OptionError(`--skew ${value}: expected HOST=SECONDS, for example c02=600`);
    skew[match[1]] = Number(match[2]);
  }
  return skew;
}

/** Tells whether the lab in the folder is up, every host running, with the settings asked for. */
function isSameRunningLab(status: LabStatus, requested: { hosts: number; docker?: boolean; addressPrefix: string; skew: Record<string, number> }): boolean {
  const lab = status.state;
  if (!lab || status.phase !== 'up' || lab.hosts.length !== requested.hosts || lab.docker !== Boolean(requested.docker)) return false;
  return lab.hosts.every((host) => {
    const running = status.running[host.name];
    const isRunning = running?.sshd === true && (!lab.docker || running.docker === true);
    return isRunning && host.address.startsWith(`${requested.addressPrefix}.`) && host.skewSeconds === (requested.skew[host.name] ?? 0);
  });
}

export async function labUpCommand(options: LabUpCliOptions): Promise<number> {
  if (!LOOPBACK_PREFIX.test(options.addressPrefix)) {
    throw new OptionError(`--address-prefix ${options.addressPrefix}: lab hosts live on loopback; expected 127.X.Y with X and Y from 0 to 255, without leading zeros`);
  }
  if (options.hosts > MAX_LAB_HOSTS) throw new OptionError(`--hosts ${options.hosts}: a lab has at most ${MAX_LAB_HOSTS} hosts`);
  const skew = parseSkew(options.skew);
  const stateDir = resolve(options.stateDir);
  const { labStatus, labUp } = await import('../lab/index.js');
  // labUp replaces a lab it finds in the folder, which deletes that lab's
  // files, shared/ (the registry's storage) included. The same lab, up and
  // running, is left as it is; any other needs --replace.
  const existing = await labStatus(stateDir);
  if (existing.state && !options.replace) {
    const hosts = existing.state.hosts.map((host) => `${host.name}=${host.address}`).join(' ');
    if (isSameRunningLab(existing, { ...options, skew })) {
      log(`lab is already up: ${hosts}`);
      log(`inventory: ${existing.state.inventoryFile}`);
      return 0;
    }
    throw new OptionError(
      `a different or stopped lab is in ${stateDir} (${hosts}); run \`skprun lab down\` first, or \`skprun lab up --replace\` to bring it down, delete its files (shared/ included) and start a new one`,
    );
  }
  const state = await labUp({
    stateDir,
    hosts: options.hosts,
    docker: Boolean(options.docker),
    skew,
    addressPrefix: options.addressPrefix,
    log,
  });
  for (const unknown of Object.keys(skew).filter((name) => !state.hosts.some((host) => host.name === name))) {
    log(`warning: --skew names ${unknown}, which is not a lab host`);
  }
  log(`lab is up: ${state.hosts.map((host) => `${host.name}=${host.address}`).join(' ')}`);
  log(`inventory: ${state.inventoryFile}`);
  return 0;
}

export async function labDownCommand(options: { stateDir: string }): Promise<number> {
  const { labDown } = await import('../lab/index.js');
  await labDown(resolve(options.stateDir), log);
  log('lab is down');
  return 0;
}

export async function labStatusCommand(options: { stateDir: string }): Promise<number> {
  const { labStatus } = await import('../lab/index.js');
  const { state, running, phase, labUpRunning } = await labStatus(resolve(options.stateDir));
  if (!state) {
    log(`no lab in ${resolve(options.stateDir)}`);
    return 0;
  }
  if (phase === 'starting') {
    log(labUpRunning ? 'the lab is still starting' : 'the lab is incomplete (its lab up stopped part way): run skprun lab down');
  }
  for (const host of state.hosts) {
    const status = running[host.name];
    const docker = state.docker ? ` docker=${status?.docker ? 'running' : 'stopped'}` : '';
    const skew = host.skewSeconds ? ` clock skew=${host.skewSeconds}s` : '';
    log(`${host.name} ${host.address}:${host.port} sshd=${status?.sshd ? 'running' : 'stopped'}${docker}${skew}`);
  }
  return 0;
}
