/**
 * The `networks` option on an existing container: as community.docker
 * does, a missing network is connected and one with other aliases or
 * addresses is reconnected, without recreating the container. Networks the
 * task does not list are disconnected only with `purge_networks` or
 * `comparisons: {networks: strict}`.
 */
import type { DockerCli } from './cli.js';
import type { ContainerArgs, NetworkAttachment } from './container-args.js';
import { connectNetworkArgv, disconnectNetworkArgv } from './container-commands.js';
import { difference, type Difference } from './differences.js';
import type { InspectObject } from './inspect.js';
import { step, type Step } from './plan.js';

export interface NetworkChanges {
  steps: Step[];
  differences: Difference[];
}

function endpointDiffers(requested: NetworkAttachment, endpoint: InspectObject): boolean {
  const aliases: string[] = endpoint.Aliases ?? [];
  if (requested.aliases && !requested.aliases.every((alias) => aliases.includes(alias)))
    return true;
  if (requested.ipv4Address && requested.ipv4Address !== endpoint.IPAMConfig?.IPv4Address)
    return true;
  return Boolean(
    requested.ipv6Address && requested.ipv6Address !== endpoint.IPAMConfig?.IPv6Address,
  );
}

function describeEndpoint(endpoint: InspectObject | undefined): unknown {
  if (!endpoint) return null;
  return {
    aliases: endpoint.Aliases ?? [],
    ipv4_address: endpoint.IPAMConfig?.IPv4Address ?? null,
  };
}

function connectStep(cli: DockerCli, container: string, network: NetworkAttachment): Step {
  const what = `container ${container} to network ${network.name}`;
  return step(connectNetworkArgv(cli, container, network), `connect ${what}`, `connected ${what}`);
}

function disconnectStep(cli: DockerCli, container: string, network: string): Step {
  const what = `container ${container} from network ${network}`;
  return step(
    disconnectNetworkArgv(cli, container, network),
    `disconnect ${what}`,
    `disconnected ${what}`,
  );
}

function purgeSteps(
  cli: DockerCli,
  args: ContainerArgs,
  attached: Record<string, InspectObject>,
): NetworkChanges {
  const requested = new Set((args.networks ?? []).map((network) => network.name));
  const extra = Object.keys(attached).filter((name) => !requested.has(name));
  return {
    steps: extra.map((name) => disconnectStep(cli, args.name, name)),
    differences: extra.map((name) =>
      difference(`networks.${name}`, null, describeEndpoint(attached[name])),
    ),
  };
}

export function networkChanges(
  cli: DockerCli,
  args: ContainerArgs,
  container: InspectObject,
): NetworkChanges {
  const changes: NetworkChanges = { steps: [], differences: [] };
  if (args.networks === undefined || args.comparisons.networks === 'ignore') return changes;
  const attached = (container.NetworkSettings?.Networks ?? {}) as Record<string, InspectObject>;

  for (const requested of args.networks) {
    const endpoint = attached[requested.name];
    if (endpoint && !endpointDiffers(requested, endpoint)) continue;
    if (endpoint) changes.steps.push(disconnectStep(cli, args.name, requested.name));
    changes.steps.push(connectStep(cli, args.name, requested));
    const expected = {
      aliases: requested.aliases ?? [],
      ipv4_address: requested.ipv4Address ?? null,
    };
    changes.differences.push(
      difference(`networks.${requested.name}`, expected, describeEndpoint(endpoint)),
    );
  }

  const mode = container.HostConfig?.NetworkMode;
  const shared = mode === 'host' || mode === 'none' || String(mode).startsWith('container:');
  if (!shared && (args.purgeNetworks || args.comparisons.networks === 'strict')) {
    const purge = purgeSteps(cli, args, attached);
    changes.steps.push(...purge.steps);
    changes.differences.push(...purge.differences);
  }
  return changes;
}

/** Connect steps for the networks beyond the first of a newly created container. */
export function connectSteps(
  cli: DockerCli,
  args: ContainerArgs,
  networks: NetworkAttachment[],
): Step[] {
  return networks.map((network) => connectStep(cli, args.name, network));
}
