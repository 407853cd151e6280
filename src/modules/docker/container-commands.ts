/**
 * The docker commands docker_container runs, built as argument arrays from
 * the typed task: `docker create`/`docker run -d` with one flag per option,
 * and the small verbs around it (start, stop, kill, rm, update, network
 * connect).
 */
import { docker, type DockerCli } from './cli.js';
import type { ContainerArgs, MountSpec, NetworkAttachment } from './container-args.js';
import { publishFlag } from './ports.js';

/** Returns the network the container is created in: network_mode, else the first of networks. */
export function primaryNetwork(args: ContainerArgs): string | undefined {
  if (args.networkMode !== undefined) return args.networkMode;
  return args.networksCliCompatible ? args.networks?.[0]?.name : undefined;
}

/** Networks to connect after creating, because `docker create` joins only one. */
export function extraNetworks(args: ContainerArgs): NetworkAttachment[] {
  const primary = primaryNetwork(args);
  return (args.networks ?? []).filter((network) => network.name !== primary);
}

function mountFlag(mount: MountSpec): string {
  const parts = [`type=${mount.type}`, `target=${mount.target}`];
  if (mount.source !== undefined) parts.push(`source=${mount.source}`);
  if (mount.readOnly) parts.push('readonly');
  if (mount.consistency !== undefined) parts.push(`consistency=${mount.consistency}`);
  if (mount.propagation !== undefined) parts.push(`bind-propagation=${mount.propagation}`);
  if (mount.noCopy) parts.push('volume-nocopy');
  if (mount.tmpfsSize !== undefined) parts.push(`tmpfs-size=${mount.tmpfsSize}`);
  if (mount.tmpfsMode !== undefined) parts.push(`tmpfs-mode=${mount.tmpfsMode}`);
  return parts.join(',');
}

function pushEach(argv: string[], flag: string, values: readonly string[] | undefined): void {
  for (const value of values ?? []) argv.push(flag, value);
}

function pushPairs(
  argv: string[],
  flag: string,
  map: Record<string, string> | undefined,
  separator = '=',
): void {
  for (const [key, value] of Object.entries(map ?? {}))
    argv.push(flag, `${key}${separator}${value}`);
}

function pushNetworkFlags(argv: string[], args: ContainerArgs): void {
  const primary = primaryNetwork(args);
  if (primary === undefined) return;
  argv.push('--network', primary);
  const attachment = args.networks?.find((network) => network.name === primary);
  pushEach(argv, '--network-alias', attachment?.aliases);
  if (attachment?.ipv4Address) argv.push('--ip', attachment.ipv4Address);
  if (attachment?.ipv6Address) argv.push('--ip6', attachment.ipv6Address);
}

function pushBooleanFlags(argv: string[], args: ContainerArgs): void {
  if (args.privileged) argv.push('--privileged');
  if (args.tty) argv.push('--tty');
  if (args.interactive) argv.push('--interactive');
  if (args.init) argv.push('--init');
  if (args.readOnly) argv.push('--read-only');
  if (args.autoRemove) argv.push('--rm');
  if (args.publishAllPorts) argv.push('--publish-all');
}

function pushValueFlags(argv: string[], args: ContainerArgs): void {
  const values: [string, string | number | undefined][] = [
    ['--hostname', args.hostname],
    ['--user', args.user],
    ['--workdir', args.workingDir],
    ['--stop-signal', args.stopSignal],
    ['--stop-timeout', args.stopTimeout],
    ['--log-driver', args.logDriver],
    ['--env-file', args.envFile],
  ];
  for (const [flag, value] of values) if (value !== undefined) argv.push(flag, String(value));
  if (args.restartPolicy !== undefined) {
    const retries = args.restartRetries ? `:${args.restartRetries}` : '';
    argv.push('--restart', `${args.restartPolicy}${retries}`);
  }
}

/**
 * Splits the process into the `--entrypoint` word and the words after the
 * image. The CLI's `--entrypoint` takes one word, so further entrypoint words
 * go before the command, which runs the same process.
 */
function processWords(args: ContainerArgs): { entrypoint?: string; rest: string[] } {
  if (args.entrypoint === undefined) return { rest: args.command ?? [] };
  const [first = '', ...more] = args.entrypoint;
  return { entrypoint: first, rest: [...more, ...(args.command ?? [])] };
}

/** `docker create` (or `docker run -d`) with every option of the task. */
export function createContainerArgv(
  cli: DockerCli,
  args: ContainerArgs,
  image: string,
  run: boolean,
): string[] {
  const argv = docker(cli, ...(run ? ['run', '--detach'] : ['create']), '--name', args.name);
  pushValueFlags(argv, args);
  pushBooleanFlags(argv, args);
  pushPairs(argv, '--env', args.env);
  pushPairs(argv, '--label', args.labels);
  pushPairs(argv, '--log-opt', args.logOptions);
  pushPairs(argv, '--add-host', args.etcHosts, ':');
  pushEach(argv, '--publish', args.publishedPorts?.map(publishFlag));
  pushEach(argv, '--expose', args.exposedPorts);
  pushEach(argv, '--volume', args.volumes);
  pushEach(argv, '--mount', args.mounts?.map(mountFlag));
  pushEach(argv, '--dns', args.dnsServers);
  pushEach(argv, '--cap-add', args.capabilities);
  pushEach(argv, '--cap-drop', args.capDrop);
  pushNetworkFlags(argv, args);

  const process = processWords(args);
  if (process.entrypoint !== undefined) argv.push('--entrypoint', process.entrypoint);
  argv.push(image, ...process.rest);
  return argv;
}

export function connectNetworkArgv(
  cli: DockerCli,
  container: string,
  network: NetworkAttachment,
): string[] {
  const argv = docker(cli, 'network', 'connect');
  pushEach(argv, '--alias', network.aliases);
  if (network.ipv4Address) argv.push('--ip', network.ipv4Address);
  if (network.ipv6Address) argv.push('--ip6', network.ipv6Address);
  argv.push(network.name, container);
  return argv;
}

export function disconnectNetworkArgv(
  cli: DockerCli,
  container: string,
  network: string,
): string[] {
  return docker(cli, 'network', 'disconnect', network, container);
}

export function stopArgv(cli: DockerCli, args: ContainerArgs): string[] {
  if (args.forceKill) return docker(cli, 'kill', args.name);
  const timeout = args.stopTimeout === undefined ? [] : ['--time', String(args.stopTimeout)];
  return docker(cli, 'stop', ...timeout, args.name);
}

export function removeArgv(cli: DockerCli, args: ContainerArgs): string[] {
  return docker(cli, 'rm', ...(args.keepVolumes ? [] : ['--volumes']), args.name);
}

export function updateRestartArgv(cli: DockerCli, args: ContainerArgs): string[] {
  const retries = args.restartRetries ? `:${args.restartRetries}` : '';
  return docker(cli, 'update', '--restart', `${args.restartPolicy ?? 'no'}${retries}`, args.name);
}
