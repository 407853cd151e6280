/**
 * Published ports in docker's CLI syntax (`5000`, `5000/udp`, `9000:5000`,
 * `127.0.0.1:9000:5000`, `[::1]::5000`, ranges like `8000-8001:8000-8001`)
 * parsed into one binding per container port, and how docker reports them
 * back in `HostConfig.PortBindings`.
 */
import { ArgumentError } from './args.js';

export interface PortBinding {
  /** `5000/tcp`, as docker keys its port maps. */
  containerPort: string;
  /** The host address; empty for the engine's default. */
  hostIp: string;
  /** The host port or range; empty for a port docker picks. */
  hostPort: string;
}

const PROTOCOL = /\/(tcp|udp|sctp)$/;
const PORT_RANGE = /^(\d+)(?:-(\d+))?$/;

function expandRange(text: string, spec: string): number[] {
  const match = PORT_RANGE.exec(text);
  if (!match)
    throw new ArgumentError(
      `published_ports: ${JSON.stringify(spec)}: ${JSON.stringify(text)} is not a port or range`,
    );
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (last < first || last > 65535)
    throw new ArgumentError(`published_ports: ${JSON.stringify(spec)}: invalid port range ${text}`);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Splits `ip:host:container` into its parts; an IPv6 address needs brackets. */
function splitAddress(rest: string, spec: string): [string, string, string] {
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']:');
    if (close < 0)
      throw new ArgumentError(
        `published_ports: ${JSON.stringify(spec)}: unclosed [ in IPv6 address`,
      );
    const [host, container] = splitHostContainer(rest.slice(close + 2), spec);
    return [rest.slice(1, close), host, container];
  }
  const parts = rest.split(':');
  if (parts.length === 1) return ['', '', parts[0]];
  if (parts.length === 2) return ['', parts[0], parts[1]];
  if (parts.length === 3) return [parts[0], parts[1], parts[2]];
  throw new ArgumentError(
    `published_ports: ${JSON.stringify(spec)}: put an IPv6 address in brackets ([::1]:80:80)`,
  );
}

function splitHostContainer(text: string, spec: string): [string, string] {
  const parts = text.split(':');
  if (parts.length !== 2)
    throw new ArgumentError(
      `published_ports: ${JSON.stringify(spec)}: expected host:container after the address`,
    );
  return [parts[0], parts[1]];
}

/** Parses one published_ports entry into its bindings. */
export function parsePublishedPort(spec: string): PortBinding[] {
  const protocolMatch = PROTOCOL.exec(spec);
  const protocol = protocolMatch ? protocolMatch[1] : 'tcp';
  const rest = protocolMatch ? spec.slice(0, protocolMatch.index) : spec;
  const [hostIp, host, container] = splitAddress(rest, spec);

  const containerPorts = expandRange(container, spec);
  const key = (port: number) => `${port}/${protocol}`;
  if (host === '')
    return containerPorts.map((port) => ({ containerPort: key(port), hostIp, hostPort: '' }));

  const hostPorts = expandRange(host, spec);
  // One container port with a host range: docker picks a free port of the range.
  if (containerPorts.length === 1)
    return [{ containerPort: key(containerPorts[0]), hostIp, hostPort: host }];
  if (hostPorts.length !== containerPorts.length) {
    throw new ArgumentError(
      `published_ports: ${JSON.stringify(spec)}: host and container ranges differ in length`,
    );
  }
  return containerPorts.map((port, i) => ({
    containerPort: key(port),
    hostIp,
    hostPort: String(hostPorts[i]),
  }));
}

/** Builds the `--publish` argument for one binding. */
export function publishFlag(binding: PortBinding): string {
  const ip = binding.hostIp.includes(':') ? `[${binding.hostIp}]` : binding.hostIp;
  if (ip === '' && binding.hostPort === '') return binding.containerPort;
  if (ip === '') return `${binding.hostPort}:${binding.containerPort}`;
  return `${ip}:${binding.hostPort}:${binding.containerPort}`;
}

export type PortMap = Record<string, string[]>;

/**
 * Bindings keyed by container port, each as `address:port` with the
 * address resolved: docker stores an empty HostIp when the CLI gave none,
 * and that binds to the engine's default address (`dockerd --ip`, which
 * docker shows as the network's host_binding_ipv4 option).
 */
export function portMap(bindings: readonly PortBinding[], defaultIp: string): PortMap {
  const map: PortMap = {};
  for (const binding of bindings) {
    const ip = binding.hostIp === '' ? defaultIp : binding.hostIp;
    (map[binding.containerPort] ??= []).push(`${ip}:${binding.hostPort}`);
  }
  for (const list of Object.values(map)) list.sort();
  return map;
}

/** Reads `HostConfig.PortBindings` of an inspected container into bindings. */
export function reportedBindings(
  portBindings: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null | undefined,
): PortBinding[] {
  const bindings: PortBinding[] = [];
  for (const [containerPort, list] of Object.entries(portBindings ?? {})) {
    for (const entry of list ?? []) {
      bindings.push({ containerPort, hostIp: entry.HostIp ?? '', hostPort: entry.HostPort ?? '' });
    }
  }
  return bindings;
}
