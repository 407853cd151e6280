/**
 * Comparing a container as docker reports it with the settings a task
 * requests. Each option is compared as community.docker compares it: values and
 * lists strictly, sets and mappings with `allow_more_present` (the container
 * may have more), unless `comparisons` says otherwise. Options the task
 * leaves out are not compared, except the command, which must then be the
 * image's own.
 */
import { bindKey, reportedBindKeys } from './binds.js';
import type { ContainerArgs, MountSpec } from './container-args.js';
import type { ContainerFacts } from './container-facts.js';
import type { OptionCheck, OptionKind } from './comparisons.js';
import type { InspectObject } from './inspect.js';
import { portMap, reportedBindings } from './ports.js';

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
  kind: OptionKind = 'value',
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
