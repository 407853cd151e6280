/**
 * docker_network's arguments, typed, with community.docker's names,
 * aliases and defaults.
 */
import {
  ArgumentError,
  oneOf,
  optionalBoolean,
  optionalString,
  pick,
  requiredString,
  stringList,
  stringMap,
  type RawArgs,
} from './args.js';

export interface IpamPool {
  subnet?: string;
  gateway?: string;
  iprange?: string;
  aux_addresses?: Record<string, string>;
}

export interface NetworkArgs {
  name: string;
  state: 'present' | 'absent';
  driver: string;
  driverOptions: Record<string, string>;
  ipamDriver?: string;
  ipamDriverOptions?: Record<string, string>;
  ipamConfig?: IpamPool[];
  enableIpv6?: boolean;
  internal?: boolean;
  scope?: 'local' | 'global' | 'swarm';
  attachable?: boolean;
  labels: Record<string, string>;
  /** Disconnect containers before removing, and recreate even when nothing differs. */
  force: boolean;
  /** Containers that must be connected; undefined when the task names none. */
  connected?: string[];
  /** Leave containers connected that `connected` does not name. */
  appends: boolean;
}

const IPV4_CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const IPV6_CIDR = /^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\/\d{1,3}$/;

function parseIpamPool(raw: Record<string, unknown>, index: number): IpamPool {
  const pool: IpamPool = {
    subnet: optionalString(raw, 'subnet'),
    gateway: optionalString(raw, 'gateway'),
    iprange: optionalString(raw, 'iprange'),
    aux_addresses: stringMap(raw, 'aux_addresses'),
  };
  const subnet = pool.subnet ?? '';
  // community.docker rejects a pool without a valid subnet before talking to docker.
  if (!IPV4_CIDR.test(subnet) && !IPV6_CIDR.test(subnet)) {
    throw new ArgumentError(
      `ipam_config[${index}].subnet: ${JSON.stringify(pool.subnet ?? null)} is not a valid CIDR`,
    );
  }
  return pool;
}

export function parseNetworkArgs(args: RawArgs): NetworkArgs {
  const pools = pick(args, 'ipam_config') as Record<string, unknown>[] | undefined;
  const connected = stringList(args, 'connected', ['containers']);
  return {
    name: requiredString(args, 'name', ['network_name']),
    state: oneOf(optionalString(args, 'state'), 'state', ['present', 'absent'], 'present'),
    driver: optionalString(args, 'driver') ?? 'bridge',
    driverOptions: stringMap(args, 'driver_options') ?? {},
    ipamDriver: optionalString(args, 'ipam_driver'),
    ipamDriverOptions: stringMap(args, 'ipam_driver_options'),
    ipamConfig: pools?.map(parseIpamPool),
    enableIpv6: optionalBoolean(args, 'enable_ipv6'),
    internal: optionalBoolean(args, 'internal'),
    scope: optionalString(args, 'scope') as NetworkArgs['scope'],
    attachable: optionalBoolean(args, 'attachable'),
    labels: stringMap(args, 'labels') ?? {},
    force: optionalBoolean(args, 'force') ?? false,
    connected: connected && connected.length > 0 ? connected : undefined,
    appends: optionalBoolean(args, 'appends', ['incremental']) ?? false,
  };
}
