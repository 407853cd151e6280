/**
 * docker_network's decision: from the task and the network's
 * `docker network inspect` to the commands that bring it to the requested
 * state, or the reason nothing changes. As community.docker does, a network
 * whose settings differ is removed and created again, and the containers
 * that were connected to it are connected again.
 */
import { docker, type DockerCli } from './cli.js';
import { difference, mappingDifferences, settingsDiff, type Difference } from './differences.js';
import type { InspectObject } from './inspect.js';
import type { IpamPool, NetworkArgs } from './network-args.js';
import { step, type Plan, type Step } from './plan.js';

/** Names of the containers connected to the network, as docker lists them. */
export function connectedContainers(network: InspectObject): string[] {
  const containers = Object.values((network.Containers ?? {}) as Record<string, { Name?: string }>);
  return containers.map((c) => c.Name ?? '').filter((name) => name !== '');
}

function normalizePool(raw: Record<string, unknown>): IpamPool {
  return {
    subnet: raw.Subnet as string | undefined,
    gateway: raw.Gateway as string | undefined,
    iprange: raw.IPRange as string | undefined,
    aux_addresses: raw.AuxiliaryAddresses as Record<string, string> | undefined,
  };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Checks that every key the task sets in a pool has the same value in `actual`. */
function poolMatches(expected: IpamPool, actual: IpamPool): boolean {
  return Object.entries(expected).every(
    ([key, value]) => value === undefined || sameValue(value, actual[key as keyof IpamPool]),
  );
}

function ipamDifferences(requested: IpamPool[], network: InspectObject): Difference[] {
  const actualPools = ((network.IPAM?.Config ?? []) as Record<string, unknown>[]).map(
    normalizePool,
  );
  if (actualPools.length === 0)
    return [difference('ipam_config', requested, network.IPAM?.Config ?? null)];
  const found: Difference[] = [];
  requested.forEach((pool, index) => {
    const match =
      actualPools.find((actual) => poolMatches(pool, actual)) ?? actualPools[index] ?? {};
    for (const [key, value] of Object.entries(pool)) {
      const actual = match[key as keyof IpamPool];
      if (value !== undefined && !sameValue(value, actual))
        found.push(difference(`ipam_config[${index}].${key}`, value, actual));
    }
  });
  return found;
}

function flagDifference(
  name: string,
  expected: boolean | string | undefined,
  actual: unknown,
): Difference[] {
  if (expected === undefined) return [];
  const present = typeof expected === 'boolean' ? Boolean(actual) : actual;
  return expected === present ? [] : [difference(name, expected, actual ?? null)];
}

/** Lists the settings that differ. Unset options and extra labels or options do not count. */
export function networkDifferences(args: NetworkArgs, network: InspectObject): Difference[] {
  const found: Difference[] = [];
  if (args.driver !== network.Driver) found.push(difference('driver', args.driver, network.Driver));
  found.push(...mappingDifferences('driver_options', args.driverOptions, network.Options));
  found.push(...flagDifference('ipam_driver', args.ipamDriver, network.IPAM?.Driver));
  if (args.ipamDriverOptions && !sameValue(args.ipamDriverOptions, network.IPAM?.Options ?? {})) {
    found.push(
      difference('ipam_driver_options', args.ipamDriverOptions, network.IPAM?.Options ?? {}),
    );
  }
  if (args.ipamConfig && args.ipamConfig.length > 0)
    found.push(...ipamDifferences(args.ipamConfig, network));
  found.push(...flagDifference('enable_ipv6', args.enableIpv6, network.EnableIPv6));
  found.push(...flagDifference('internal', args.internal, network.Internal));
  found.push(...flagDifference('scope', args.scope, network.Scope));
  found.push(...flagDifference('attachable', args.attachable, network.Attachable));
  found.push(...mappingDifferences('labels', args.labels, network.Labels));
  return found;
}

function pushPool(argv: string[], pool: IpamPool): void {
  if (pool.subnet) argv.push('--subnet', pool.subnet);
  if (pool.gateway) argv.push('--gateway', pool.gateway);
  if (pool.iprange) argv.push('--ip-range', pool.iprange);
  for (const [host, ip] of Object.entries(pool.aux_addresses ?? {}))
    argv.push('--aux-address', `${host}=${ip}`);
}

export function createNetworkArgv(cli: DockerCli, args: NetworkArgs): string[] {
  const argv = docker(cli, 'network', 'create', '--driver', args.driver);
  for (const [key, value] of Object.entries(args.driverOptions))
    argv.push('--opt', `${key}=${value}`);
  if (args.ipamDriver) argv.push('--ipam-driver', args.ipamDriver);
  for (const [key, value] of Object.entries(args.ipamDriverOptions ?? {}))
    argv.push('--ipam-opt', `${key}=${value}`);
  for (const pool of args.ipamConfig ?? []) pushPool(argv, pool);
  if (args.enableIpv6) argv.push('--ipv6');
  if (args.internal) argv.push('--internal');
  if (args.scope) argv.push('--scope', args.scope);
  if (args.attachable) argv.push('--attachable');
  for (const [key, value] of Object.entries(args.labels)) argv.push('--label', `${key}=${value}`);
  argv.push(args.name);
  return argv;
}

function connectStep(cli: DockerCli, network: string, container: string): Step {
  const what = `container ${container} to network ${network}`;
  return step(
    docker(cli, 'network', 'connect', network, container),
    `connect ${what}`,
    `connected ${what}`,
  );
}

function disconnectStep(cli: DockerCli, network: string, container: string): Step {
  const what = `container ${container} from network ${network}`;
  return step(
    docker(cli, 'network', 'disconnect', network, container),
    `disconnect ${what}`,
    `disconnected ${what}`,
  );
}

function createStep(cli: DockerCli, args: NetworkArgs): Step {
  const what = `network ${args.name} with driver ${args.driver}`;
  return step(createNetworkArgv(cli, args), `create ${what}`, `created ${what}`);
}

function removeStep(cli: DockerCli, name: string): Step {
  return step(
    docker(cli, 'network', 'rm', name),
    `remove network ${name}`,
    `removed network ${name}`,
  );
}

function decideAbsent(cli: DockerCli, args: NetworkArgs, network: InspectObject | undefined): Plan {
  const diff = settingsDiff([], { exists: network !== undefined }, { exists: false });
  if (!network)
    return { steps: [], reason: `network ${args.name} does not exist`, differences: [], diff };
  // Without force, docker rejects removing a network in use and names it, and that error is the result.
  const disconnects = args.force
    ? connectedContainers(network).map((c) => disconnectStep(cli, args.name, c))
    : [];
  return { steps: [...disconnects, removeStep(cli, args.name)], reason: '', differences: [], diff };
}

/** Connects the containers the task names, and without appends, disconnects the others. */
function membershipSteps(
  cli: DockerCli,
  args: NetworkArgs,
  current: string[],
  requested: string[],
): Step[] {
  const connects = requested
    .filter((c) => !current.includes(c))
    .map((c) => connectStep(cli, args.name, c));
  const extra =
    args.appends || !args.connected ? [] : current.filter((c) => !requested.includes(c));
  return [...connects, ...extra.map((c) => disconnectStep(cli, args.name, c))];
}

/** Decides what docker_network does, given the network as inspected (or none). */
export function decideNetwork(
  cli: DockerCli,
  args: NetworkArgs,
  network: InspectObject | undefined,
): Plan {
  if (args.state === 'absent') return decideAbsent(cli, args, network);

  const current = network ? connectedContainers(network) : [];
  const requested = args.connected ?? current;
  if (!network) {
    const diff = settingsDiff([], { exists: false }, { exists: true });
    const steps = [createStep(cli, args), ...membershipSteps(cli, args, [], requested)];
    return { steps, reason: '', differences: [], diff };
  }

  const differences = networkDifferences(args, network);
  const diff = settingsDiff(
    differences,
    { exists: true, connected: current },
    { exists: true, connected: requested },
  );
  if (differences.length > 0 || args.force) {
    const steps = [
      ...current.map((c) => disconnectStep(cli, args.name, c)),
      removeStep(cli, args.name),
      createStep(cli, args),
      ...membershipSteps(cli, args, [], requested),
    ];
    return { steps, reason: '', differences, diff };
  }

  const steps = membershipSteps(cli, args, current, requested);
  const reason =
    `network ${args.name} exists with the same settings` +
    (args.connected ? ' and containers' : '');
  return { steps, reason, differences, diff };
}
