/**
 * The docker command line on the target, with community.docker's options
 * for reaching the daemon (docker_host, tls, validate_certs, certificates,
 * api_version, timeout) turned into the CLI's own global flags. Paths of
 * certificates are read on the target, as community.docker reads them
 * where the module runs.
 */
import type { ExecOptions } from '../../connection/connection.js';
import {
  BOOLEAN_SCHEMA,
  optionalBoolean,
  optionalInteger,
  optionalString,
  type RawArgs,
} from './args.js';

export interface DockerCli {
  /** The words before the subcommand: `docker` and its global flags. */
  prefix: string[];
  /** Limit for each command, from `timeout` (seconds). */
  timeoutMs?: number;
  /**
   * The daemon's socket on the target when it is reached over a plain unix
   * socket (no TLS, no pinned API version), so that reads may use the
   * Engine API there (engine-api.ts).
   */
  socketPath?: string;
  /** Whether socketPath is the default, which the target's DOCKER_HOST or docker context may override. */
  defaultEndpoint?: boolean;
}

/** The socket the docker CLI talks to when nothing else is configured. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/** Schema properties shared by every docker module. */
export const DOCKER_CLI_PROPERTIES = {
  docker_host: { type: 'string', description: 'Daemon address, passed as `docker -H`.' },
  docker_url: { type: 'string' },
  tls: { ...BOOLEAN_SCHEMA, description: 'Use TLS without verifying the daemon (`--tls`).' },
  validate_certs: {
    ...BOOLEAN_SCHEMA,
    description: 'Use TLS and verify the daemon (`--tlsverify`).',
  },
  tls_verify: BOOLEAN_SCHEMA,
  ca_path: { type: 'string' },
  ca_cert: { type: 'string', description: 'CA certificate on the target (`--tlscacert`).' },
  tls_ca_cert: { type: 'string' },
  cacert_path: { type: 'string' },
  client_cert: { type: 'string', description: 'Client certificate on the target (`--tlscert`).' },
  tls_client_cert: { type: 'string' },
  cert_path: { type: 'string' },
  client_key: { type: 'string', description: 'Client key on the target (`--tlskey`).' },
  tls_client_key: { type: 'string' },
  key_path: { type: 'string' },
  api_version: { type: 'string', description: 'API version, or `auto` to negotiate.' },
  docker_api_version: { type: 'string' },
  timeout: { type: 'integer', minimum: 1, description: 'Seconds each docker command may take.' },
  debug: BOOLEAN_SCHEMA,
} as const;

/** Reads the connection options of a task into the docker command prefix. */
export function dockerCliFromArgs(args: RawArgs): DockerCli {
  const prefix: string[] = [];
  const apiVersion = optionalString(args, 'api_version', ['docker_api_version']);
  // The CLI has no flag for the API version; its environment variable is the only way.
  if (apiVersion !== undefined && apiVersion !== 'auto')
    prefix.push('env', `DOCKER_API_VERSION=${apiVersion}`);
  prefix.push('docker');

  const host = optionalString(args, 'docker_host', ['docker_url']);
  if (host !== undefined) prefix.push('-H', host);
  const verify = optionalBoolean(args, 'validate_certs', ['tls_verify']) ?? false;
  if (verify) prefix.push('--tlsverify');
  else if (optionalBoolean(args, 'tls') ?? false) prefix.push('--tls');
  pushFlag(
    prefix,
    '--tlscacert',
    optionalString(args, 'ca_path', ['ca_cert', 'tls_ca_cert', 'cacert_path']),
  );
  pushFlag(
    prefix,
    '--tlscert',
    optionalString(args, 'client_cert', ['tls_client_cert', 'cert_path']),
  );
  pushFlag(prefix, '--tlskey', optionalString(args, 'client_key', ['tls_client_key', 'key_path']));

  const timeout = optionalInteger(args, 'timeout');
  const plain = prefix.length === 1 || (prefix.length === 3 && prefix[1] === '-H');
  return {
    prefix,
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    ...(plain ? socketOf(host) : {}),
  };
}

/** Reads a unix socket path out of a docker_host value, when it names one. */
function socketOf(host: string | undefined): Pick<DockerCli, 'socketPath' | 'defaultEndpoint'> {
  if (host === undefined) return { socketPath: DEFAULT_DOCKER_SOCKET, defaultEndpoint: true };
  if (host.startsWith('unix://') && host.length > 'unix://'.length) return { socketPath: host.slice('unix://'.length), defaultEndpoint: false };
  return {};
}

function pushFlag(argv: string[], flag: string, value: string | undefined): void {
  if (value !== undefined) argv.push(flag, value);
}

/** Builds a docker command line: the prefix, then the subcommand and its words. */
export function docker(cli: DockerCli, ...words: string[]): string[] {
  return [...cli.prefix, ...words];
}

export function execOptions(cli: DockerCli): ExecOptions {
  return cli.timeoutMs === undefined ? {} : { timeoutMs: cli.timeoutMs };
}

/** The plain CLI with no options, for tests and defaults. */
export const PLAIN_DOCKER: DockerCli = { prefix: ['docker'] };
