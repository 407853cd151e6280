/**
 * `skprun lab up|down|status`: the command-line face of src/lab.
 */
import { resolve } from 'node:path';
import { OptionError } from '../errors.js';

interface LabUpCliOptions {
  hosts: number;
  docker?: boolean;
  skew: string[];
  addressPrefix: string;
  stateDir: string;
}

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

export async function labUpCommand(options: LabUpCliOptions): Promise<number> {
  if (!/^127\.\d{1,3}\.\d{1,3}$/.test(options.addressPrefix)) {
    throw new OptionError(`--address-prefix ${options.addressPrefix}: lab hosts live on loopback; expected 127.X.Y`);
  }
  const skew = parseSkew(options.skew);
  const { labUp } = await import('../lab/index.js');
  const state = await labUp({
    stateDir: resolve(options.stateDir),
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
