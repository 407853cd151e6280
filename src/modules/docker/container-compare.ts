/**
 * Comparing a container as docker reports it with the settings a task
 * requests. Each option is compared as community.docker compares it: values and
 * lists strictly, sets and mappings with `allow_more_present` (the container
 * may have more), unless `comparisons` says otherwise. Options the task
 * leaves out are not compared, except the command, which must then be the
 * image's own.
 */
import { bindKey, reportedBindKeys } from './binds.js';
import type { Comparison, ContainerArgs, MountSpec } from './container-args.js';
import type { ContainerFacts } from './container-facts.js';
import { difference, show, type Difference } from './differences.js';
import type { InspectObject } from './inspect.js';
import { portMap, reportedBindings } from './ports.js';

type Kind = 'value' | 'list' | 'set' | 'dict';

export interface OptionCheck {
  /** The option's name, as `comparisons` and messages use it. */
  name: string;
  kind: Kind;
  expected: unknown;
  actual: unknown;
  /** Settings `docker update` can change without recreating the container. */
  updatable?: boolean;
}

function envMap(list: string[] | null | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const item of list ?? []) {
    const at = item.indexOf('=');
    if (at > 0) map[item.slice(0, at)] = item.slice(at + 1);
  }
  return map;
}

function envList(map: Record<string, string>): string[] {
  return Object.entries(map).map(([key, value]) => `${key}=${value}`);
}

function normalizeNetworkMode(mode: string | undefined): string | undefined {
  return mode === 'default' ? 'bridge' : mode;
}

/** The expected process: entrypoint and command as one argv, with the image's defaults filled in. */
function expectedArgv(args: ContainerArgs, image: InspectObject): string[] {
  const entrypoint = args.entrypoint ?? image.Config?.Entrypoint ?? [];
  // Docker drops the image's CMD when the entrypoint is replaced.
  const command = args.command ?? (args.entrypoint !== undefined ? [] : (image.Config?.Cmd ?? []));
  return [...entrypoint, ...command];
}

function processCheck(
  args: ContainerArgs,
  image: InspectObject | undefined,
  config: InspectObject,
): OptionCheck[] {
  const actual = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (image)
    return [{ name: 'command', kind: 'list', expected: expectedArgv(args, image), actual }];
  // Without the image's defaults only a fully given process can be compared.
  if (args.command === undefined || args.entrypoint === undefined) return [];
  return [
    { name: 'command', kind: 'list', expected: [...args.entrypoint, ...args.command], actual },
  ];
}

function envCheck(
  args: ContainerArgs,
  image: InspectObject | undefined,
  config: InspectObject,
  envFile: Record<string, string>,
): OptionCheck[] {
  if (args.env === undefined && args.envFile === undefined) return [];
  const expected = { ...envMap(image?.Config?.Env), ...envFile, ...(args.env ?? {}) };
  return [{ name: 'env', kind: 'set', expected: envList(expected), actual: config.Env ?? [] }];
}

function portChecks(
  args: ContainerArgs,
  facts: ContainerFacts,
  host: InspectObject,
  config: InspectObject,
): OptionCheck[] {
  const checks: OptionCheck[] = [];
  const defaultIp = facts.defaultHostIp ?? '';
  if (args.publishedPorts) {
    const actual = portMap(reportedBindings(host.PortBindings), defaultIp);
    checks.push({
      name: 'published_ports',
      kind: 'dict',
      expected: portMap(args.publishedPorts, defaultIp),
      actual,
    });
  }
  if (args.exposedPorts) {
    const imagePorts = Object.keys(facts.image?.Config?.ExposedPorts ?? {});
    const published = (args.publishedPorts ?? []).map((b) => b.containerPort);
    const expected = [...new Set([...imagePorts, ...args.exposedPorts, ...published])];
    checks.push({
      name: 'exposed_ports',
      kind: 'set',
      expected,
      actual: Object.keys(config.ExposedPorts ?? {}),
    });
  }
  if (args.publishAllPorts !== undefined) {
    checks.push({
      name: 'publish_all_ports',
      kind: 'value',
      expected: args.publishAllPorts,
      actual: Boolean(host.PublishAllPorts),
    });
  }
  return checks;
}

function volumeCheck(
  args: ContainerArgs,
  image: InspectObject | undefined,
  host: InspectObject,
  config: InspectObject,
): OptionCheck[] {
  if (!args.volumes) return [];
  const imageVolumes = Object.keys(image?.Config?.Volumes ?? {}).map((path) => bindKey(path));
  const expected = [...new Set([...imageVolumes, ...args.volumes.map(bindKey)])];
  return [
    {
      name: 'volumes',
      kind: 'set',
      expected,
      actual: reportedBindKeys(host.Binds, config.Volumes),
    },
  ];
}

/** Reduces a mount of the task to the fields it sets, for set comparison. */
function mountFields(mount: MountSpec): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    type: mount.type,
    target: mount.target,
    source: mount.source ?? '',
  };
  fields.read_only = mount.readOnly ?? false;
  if (mount.propagation !== undefined) fields.propagation = mount.propagation;
  if (mount.noCopy !== undefined) fields.no_copy = mount.noCopy;
  if (mount.consistency !== undefined) fields.consistency = mount.consistency;
  return fields;
}

function reportedMount(
  mount: InspectObject,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const reported: Record<string, unknown> = {
    type: mount.Type,
    target: mount.Target,
    source: mount.Source ?? '',
    read_only: Boolean(mount.ReadOnly),
    propagation: mount.BindOptions?.Propagation,
    no_copy: Boolean(mount.VolumeOptions?.NoCopy),
    consistency: mount.Consistency,
  };
  return Object.fromEntries(Object.keys(fields).map((key) => [key, reported[key]]));
}

function mountCheck(args: ContainerArgs, host: InspectObject): OptionCheck[] {
  if (!args.mounts) return [];
  const expected = args.mounts.map(mountFields);
  const reported = (host.Mounts ?? []) as InspectObject[];
  // Each reported mount is cut down to the fields its counterpart in the task sets.
  const actual = reported.map((mount) => {
    const counterpart =
      expected.find((fields) => fields.target === mount.Target) ??
      mountFields({ type: 'volume', target: '' });
    return reportedMount(mount, counterpart);
  });
  return [{ name: 'mounts', kind: 'set', expected, actual }];
}

function restartChecks(args: ContainerArgs, host: InspectObject): OptionCheck[] {
  const policy = host.RestartPolicy ?? {};
  const checks: OptionCheck[] = [];
  if (args.restartPolicy !== undefined) {
    checks.push({
      name: 'restart_policy',
      kind: 'value',
      expected: args.restartPolicy,
      actual: policy.Name || 'no',
      updatable: true,
    });
  }
  if (args.restartRetries !== undefined) {
    checks.push({
      name: 'restart_retries',
      kind: 'value',
      expected: args.restartRetries,
      actual: policy.MaximumRetryCount ?? 0,
      updatable: true,
    });
  }
  return checks;
}

function labelCheck(
  args: ContainerArgs,
  image: InspectObject | undefined,
  config: InspectObject,
): OptionCheck[] {
  if (!args.labels) return [];
  const expected = { ...(image?.Config?.Labels ?? {}), ...args.labels };
  return [{ name: 'labels', kind: 'dict', expected, actual: config.Labels ?? {} }];
}

function networkModeCheck(args: ContainerArgs, host: InspectObject): OptionCheck[] {
  const requested =
    args.networkMode ?? (args.networksCliCompatible ? args.networks?.[0]?.name : undefined);
  if (requested === undefined) return [];
  return [
    {
      name: 'network_mode',
      kind: 'value',
      expected: normalizeNetworkMode(requested),
      actual: normalizeNetworkMode(host.NetworkMode),
    },
  ];
}

function valueCheck(
  name: string,
  expected: unknown,
  actual: unknown,
  kind: Kind = 'value',
): OptionCheck[] {
  return expected === undefined ? [] : [{ name, kind, expected, actual }];
}

function hostsList(hosts: Record<string, string> | undefined): string[] | undefined {
  return hosts && Object.entries(hosts).map(([host, ip]) => `${host}:${ip}`);
}

/** Lists every check of the container's configuration that the task's options call for. */
export function containerChecks(
  args: ContainerArgs,
  facts: ContainerFacts,
  container: InspectObject,
  envFile: Record<string, string> = {},
): OptionCheck[] {
  const config = container.Config ?? {};
  const host = container.HostConfig ?? {};
  const image = facts.image;
  const imageCheck = image ? valueCheck('image', image.Id, container.Image) : [];
  return [
    ...imageCheck,
    ...processCheck(args, image, config),
    ...envCheck(args, image, config, envFile),
    ...portChecks(args, facts, host, config),
    ...volumeCheck(args, image, host, config),
    ...mountCheck(args, host),
    ...restartChecks(args, host),
    ...labelCheck(args, image, config),
    ...networkModeCheck(args, host),
    ...valueCheck('hostname', args.hostname, config.Hostname),
    ...valueCheck('user', args.user, config.User),
    ...valueCheck('working_dir', args.workingDir, config.WorkingDir),
    ...valueCheck('privileged', args.privileged, Boolean(host.Privileged)),
    ...valueCheck('tty', args.tty, Boolean(config.Tty)),
    ...valueCheck('interactive', args.interactive, Boolean(config.OpenStdin)),
    ...valueCheck('init', args.init, Boolean(host.Init)),
    ...valueCheck('read_only', args.readOnly, Boolean(host.ReadonlyRootfs)),
    ...valueCheck('auto_remove', args.autoRemove, Boolean(host.AutoRemove)),
    ...valueCheck('stop_signal', args.stopSignal, config.StopSignal),
    ...valueCheck('stop_timeout', args.stopTimeout, config.StopTimeout),
    ...valueCheck('log_driver', args.logDriver, host.LogConfig?.Type),
    ...valueCheck('log_options', args.logOptions, host.LogConfig?.Config ?? {}, 'dict'),
    ...valueCheck('etc_hosts', hostsList(args.etcHosts), host.ExtraHosts ?? [], 'set'),
    ...valueCheck('dns_servers', args.dnsServers, host.Dns ?? [], 'list'),
    ...valueCheck('capabilities', args.capabilities, host.CapAdd ?? [], 'set'),
    ...valueCheck('cap_drop', args.capDrop, host.CapDrop ?? [], 'set'),
  ];
}

// community.docker ignores changes of stop_timeout unless comparisons requests them.
const DEFAULT_IGNORED = new Set(['stop_timeout']);

/** Returns an option's comparison: its own entry, else `*`, else its kind's default. */
export function comparisonFor(
  name: string,
  kind: Kind,
  comparisons: Record<string, Comparison>,
): Comparison {
  const own = comparisons[name] ?? (name === 'command' ? comparisons.entrypoint : undefined);
  if (own) return own;
  if (DEFAULT_IGNORED.has(name)) return 'ignore';
  if (comparisons['*']) return comparisons['*'];
  return kind === 'set' || kind === 'dict' ? 'allow_more_present' : 'strict';
}

function key(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function setMatches(expected: unknown[], actual: unknown[], mode: Comparison): boolean {
  const present = new Set(actual.map(key));
  const requested = new Set(expected.map(key));
  const covered = [...requested].every((item) => present.has(item));
  return mode === 'strict' ? covered && present.size === requested.size : covered;
}

function dictMatches(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  mode: Comparison,
): boolean {
  const covered = Object.entries(expected).every(([k, v]) => key(actual[k]) === key(v));
  return mode === 'strict'
    ? covered && Object.keys(actual).length === Object.keys(expected).length
    : covered;
}

export function checkMatches(check: OptionCheck, mode: Comparison): boolean {
  if (mode === 'ignore') return true;
  if (check.kind === 'set')
    return setMatches(check.expected as unknown[], (check.actual ?? []) as unknown[], mode);
  if (check.kind === 'dict') {
    return dictMatches(
      check.expected as Record<string, unknown>,
      (check.actual ?? {}) as Record<string, unknown>,
      mode,
    );
  }
  return key(check.expected) === key(check.actual);
}

function setSummary(
  expected: unknown[],
  actual: unknown[],
  mode: Comparison,
  display: (item: unknown) => unknown = (item) => item,
): string {
  const present = new Set(actual.map(key));
  const requested = new Set(expected.map(key));
  const missing = expected.filter((item) => !present.has(key(item))).map(display);
  const unexpected = mode === 'strict' ? actual.filter((item) => !requested.has(key(item))) : [];
  const parts = [
    missing.length ? `missing ${show(missing)}` : '',
    unexpected.length ? `unexpected ${show(unexpected.map(display))}` : '',
  ];
  return parts.filter((part) => part !== '').join(', ');
}

function dictSummary(
  expected: Record<string, unknown>,
  actual: Record<string, unknown>,
  mode: Comparison,
): string {
  const parts = Object.entries(expected)
    .filter(([k, v]) => key(actual[k]) !== key(v))
    .map(([k, v]) => `${k}: expected ${show(v)}, actual ${show(actual[k])}`);
  if (mode === 'strict') {
    const extra = Object.keys(actual).filter((k) => !(k in expected));
    if (extra.length) parts.push(`unexpected ${show(extra)}`);
  }
  return parts.join('; ');
}

/**
 * Hides the value of an env entry (`TOKEN=<hidden>`), because the message
 * shows on every result line and variables often carry secrets. Diff mode
 * still shows the values, as community.docker's diff does.
 */
function hideEnvValue(item: unknown): unknown {
  const text = String(item);
  const at = text.indexOf('=');
  return at < 0 ? text : `${text.slice(0, at)}=<hidden>`;
}

/** Summarizes a set or mapping difference, because the whole values are long. */
function summarize(check: OptionCheck, mode: Comparison): string | undefined {
  if (check.name === 'env') {
    return setSummary(
      check.expected as string[],
      (check.actual ?? []) as string[],
      mode,
      hideEnvValue,
    );
  }
  if (check.kind === 'set') {
    return setSummary(check.expected as unknown[], (check.actual ?? []) as unknown[], mode);
  }
  if (check.kind === 'dict') {
    return dictSummary(
      check.expected as Record<string, unknown>,
      (check.actual ?? {}) as Record<string, unknown>,
      mode,
    );
  }
  return undefined;
}

export interface ConfigDifferences {
  /** Differences that need the container recreated. */
  recreate: Difference[];
  /** Differences that `docker update` can apply in place. */
  update: Difference[];
}

export function configDifferences(
  checks: readonly OptionCheck[],
  comparisons: Record<string, Comparison>,
): ConfigDifferences {
  const result: ConfigDifferences = { recreate: [], update: [] };
  for (const check of checks) {
    const mode = comparisonFor(check.name, check.kind, comparisons);
    if (checkMatches(check, mode)) continue;
    const found = difference(check.name, check.expected, check.actual, summarize(check, mode));
    (check.updatable ? result.update : result.recreate).push(found);
  }
  return result;
}
