/**
 * docker_container's arguments, typed, with community.docker's names,
 * aliases and defaults (community.docker 3.x: `container_default_behavior:
 * no_defaults`, `command_handling: correct`, `networks_cli_compatible: true`).
 */
import {
  ArgumentError,
  oneOf,
  optionalBoolean,
  optionalInteger,
  optionalString,
  pick,
  requiredString,
  stringList,
  stringMap,
  type RawArgs,
} from './args.js';
import { checkVolumeSpec } from './binds.js';
import { parsePublishedPort, type PortBinding } from './ports.js';
import { splitShellWords } from './shell-words.js';

export type ContainerState = 'started' | 'stopped' | 'present' | 'absent';
export type PullPolicy = 'missing' | 'always' | 'never';
export type Comparison = 'strict' | 'ignore' | 'allow_more_present';

export interface NetworkAttachment {
  name: string;
  aliases?: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export interface MountSpec {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe';
  target: string;
  source?: string;
  readOnly?: boolean;
  consistency?: string;
  propagation?: string;
  noCopy?: boolean;
  tmpfsSize?: string;
  tmpfsMode?: string;
}

export interface ContainerArgs {
  name: string;
  image?: string;
  state: ContainerState;
  command?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  envFile?: string;
  publishedPorts?: PortBinding[];
  exposedPorts?: string[];
  publishAllPorts?: boolean;
  networks?: NetworkAttachment[];
  networkMode?: string;
  networksCliCompatible: boolean;
  purgeNetworks: boolean;
  volumes?: string[];
  mounts?: MountSpec[];
  restartPolicy?: 'no' | 'on-failure' | 'always' | 'unless-stopped';
  restartRetries?: number;
  labels?: Record<string, string>;
  hostname?: string;
  user?: string;
  workingDir?: string;
  privileged?: boolean;
  tty?: boolean;
  interactive?: boolean;
  init?: boolean;
  readOnly?: boolean;
  autoRemove?: boolean;
  stopSignal?: string;
  stopTimeout?: number;
  logDriver?: string;
  logOptions?: Record<string, string>;
  etcHosts?: Record<string, string>;
  dnsServers?: string[];
  capabilities?: string[];
  capDrop?: string[];
  recreate: boolean;
  restart: boolean;
  pull: PullPolicy;
  detach: boolean;
  cleanup: boolean;
  forceKill: boolean;
  keepVolumes: boolean;
  comparisons: Record<string, Comparison>;
  defaultHostIp?: string;
}

/** `pull` as community.docker 3 (a boolean) and 4 (`missing`, `always`, `never`) take it. */
function parsePull(value: unknown): PullPolicy {
  if (value === undefined) return 'missing';
  if (value === 'missing' || value === 'always' || value === 'never') return value;
  return optionalBoolean({ pull: value }, 'pull') ? 'always' : 'missing';
}

/**
 * A command or entrypoint: a list is kept as it is, a string is split as a
 * shell would split it. With `command_handling: compatibility`, a list is
 * joined with spaces first, as community.docker did before 3.0.
 */
function parseCommand(args: RawArgs, name: string, compatibility: boolean): string[] | undefined {
  const value = pick(args, name);
  if (value === undefined) return undefined;
  if (Array.isArray(value) && !compatibility) return value.map(String);
  const text = Array.isArray(value) ? value.map(String).join(' ') : String(value);
  const words = splitShellWords(text, name);
  // In compatibility mode an empty command means "not given", as it did there.
  return compatibility && words.length === 0 ? undefined : words;
}

/** community.docker requires env values to be strings, so that YAML's `yes` or `1.10` cannot change silently. */
function parseEnv(args: RawArgs): Record<string, string> | undefined {
  const env = pick(args, 'env') as Record<string, unknown> | undefined;
  if (env === undefined) return undefined;
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (typeof value !== 'string') {
      throw new ArgumentError(
        `env.${key}: ${JSON.stringify(value)} is not a string; quote it in the task (${key}: "${String(value)}")`,
      );
    }
    result[key] = value;
  }
  return result;
}

function parseNetworks(args: RawArgs): NetworkAttachment[] | undefined {
  const raw = pick(args, 'networks') as Record<string, unknown>[] | undefined;
  return raw?.map((entry) => ({
    name: requiredString(entry, 'name'),
    aliases: stringList(entry, 'aliases'),
    ipv4Address: optionalString(entry, 'ipv4_address'),
    ipv6Address: optionalString(entry, 'ipv6_address'),
  }));
}

function parseMounts(args: RawArgs): MountSpec[] | undefined {
  const raw = pick(args, 'mounts') as Record<string, unknown>[] | undefined;
  return raw?.map((entry) => ({
    type: oneOf(
      optionalString(entry, 'type'),
      'mounts.type',
      ['bind', 'volume', 'tmpfs', 'npipe'],
      'volume',
    ),
    target: requiredString(entry, 'target'),
    source: optionalString(entry, 'source'),
    readOnly: optionalBoolean(entry, 'read_only'),
    consistency: optionalString(entry, 'consistency'),
    propagation: optionalString(entry, 'propagation'),
    noCopy: optionalBoolean(entry, 'no_copy'),
    tmpfsSize: optionalString(entry, 'tmpfs_size'),
    tmpfsMode: optionalString(entry, 'tmpfs_mode'),
  }));
}

function parsePorts(args: RawArgs, defaultHostIp: string | undefined): PortBinding[] | undefined {
  const specs = stringList(args, 'published_ports', ['ports']);
  const bindings = specs?.flatMap(parsePublishedPort);
  if (defaultHostIp === undefined) return bindings;
  return bindings?.map((b) => (b.hostIp === '' ? { ...b, hostIp: defaultHostIp } : b));
}

function normalizePort(port: string): string {
  return port.includes('/') ? port : `${port}/tcp`;
}

/** Settings community.docker gives defaults with `container_default_behavior: compatibility`. */
function applyCompatibilityDefaults(parsed: ContainerArgs): void {
  parsed.autoRemove ??= false;
  parsed.init ??= false;
  parsed.interactive ??= false;
  parsed.privileged ??= false;
  parsed.readOnly ??= false;
  parsed.tty ??= false;
}

function parseVolumes(args: RawArgs): string[] | undefined {
  const volumes = stringList(args, 'volumes');
  volumes?.forEach(checkVolumeSpec);
  return volumes;
}

export function parseContainerArgs(args: RawArgs): ContainerArgs {
  const compatibility = optionalString(args, 'command_handling') === 'compatibility';
  const defaultHostIp = optionalString(args, 'default_host_ip');
  const parsed: ContainerArgs = {
    name: requiredString(args, 'name'),
    image: optionalString(args, 'image'),
    state: oneOf(
      optionalString(args, 'state'),
      'state',
      ['started', 'stopped', 'present', 'absent'],
      'started',
    ),
    command: parseCommand(args, 'command', compatibility),
    entrypoint: parseCommand(args, 'entrypoint', compatibility),
    env: parseEnv(args),
    envFile: optionalString(args, 'env_file'),
    publishedPorts: parsePorts(args, defaultHostIp === '' ? undefined : defaultHostIp),
    exposedPorts: stringList(args, 'exposed_ports', ['exposed', 'expose'])?.map(normalizePort),
    publishAllPorts: optionalBoolean(args, 'publish_all_ports'),
    networks: parseNetworks(args),
    networkMode: optionalString(args, 'network_mode'),
    networksCliCompatible: optionalBoolean(args, 'networks_cli_compatible') ?? true,
    purgeNetworks: optionalBoolean(args, 'purge_networks') ?? false,
    volumes: parseVolumes(args),
    mounts: parseMounts(args),
    restartPolicy: optionalString(args, 'restart_policy') as ContainerArgs['restartPolicy'],
    restartRetries: optionalInteger(args, 'restart_retries'),
    labels: stringMap(args, 'labels'),
    hostname: optionalString(args, 'hostname'),
    user: optionalString(args, 'user'),
    workingDir: optionalString(args, 'working_dir'),
    privileged: optionalBoolean(args, 'privileged'),
    tty: optionalBoolean(args, 'tty'),
    interactive: optionalBoolean(args, 'interactive'),
    init: optionalBoolean(args, 'init'),
    readOnly: optionalBoolean(args, 'read_only'),
    autoRemove: optionalBoolean(args, 'auto_remove'),
    stopSignal: optionalString(args, 'stop_signal'),
    stopTimeout: optionalInteger(args, 'stop_timeout'),
    logDriver: optionalString(args, 'log_driver'),
    logOptions: stringMap(args, 'log_options', ['log_opt']),
    etcHosts: stringMap(args, 'etc_hosts'),
    dnsServers: stringList(args, 'dns_servers'),
    capabilities: stringList(args, 'capabilities'),
    capDrop: stringList(args, 'cap_drop'),
    recreate: optionalBoolean(args, 'recreate') ?? false,
    restart: optionalBoolean(args, 'restart') ?? false,
    pull: parsePull(pick(args, 'pull')),
    detach: optionalBoolean(args, 'detach') ?? true,
    cleanup: optionalBoolean(args, 'cleanup') ?? false,
    forceKill: optionalBoolean(args, 'force_kill', ['forcekill']) ?? false,
    keepVolumes: optionalBoolean(args, 'keep_volumes') ?? true,
    comparisons: (pick(args, 'comparisons') ?? {}) as Record<string, Comparison>,
    defaultHostIp,
  };
  if (optionalString(args, 'container_default_behavior') === 'compatibility')
    applyCompatibilityDefaults(parsed);
  if (parsed.restartRetries && parsed.restartPolicy !== 'on-failure') {
    throw new ArgumentError('restart_retries works only with restart_policy: on-failure');
  }
  return parsed;
}
