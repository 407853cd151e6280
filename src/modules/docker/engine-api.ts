/**
 * Reads Docker objects through the Engine API on the target's daemon
 * socket, forwarded over the host's SSH connection, instead of running
 * `docker inspect` there. Each docker task reads its objects before it
 * decides anything, and the docker CLI takes tens of milliseconds of CPU
 * to start. The API returns the same JSON (the CLI prints what the API
 * returns) for the cost of one forwarded channel.
 * community.docker's modules talk to the API too, through the Docker SDK.
 *
 * Only reads go through the API: every change still runs the docker CLI, so
 * what a task does on a host stays visible in its commands. A connection or
 * daemon that cannot serve the API (no socket forwarding, another daemon
 * address, TLS) gets the CLI for reads too.
 */
import { request } from 'node:http';
import type { Connection, HostSockets } from '../../connection/connection.js';
import type { DockerCli } from './cli.js';
import type { InspectObject } from './inspect.js';

export interface ApiResponse {
  status: number;
  body: string;
}

/** A daemon reached through its socket on the host. */
export interface EngineApi {
  get(path: string): Promise<ApiResponse>;
}

// The docker CLI waits for the daemon without a limit. This bound, used
// when the task gives no timeout, only keeps a dead daemon from hanging a
// run forever.
const DEFAULT_READ_TIMEOUT_MS = 120_000;

/**
 * Prints the settings that would point the docker CLI elsewhere than its
 * default socket: DOCKER_HOST, DOCKER_CONTEXT and a current context in the
 * CLI's config file. Empty lines mean the default daemon.
 */
export const CLI_ENDPOINT_COMMAND = [
  'printf "%s\\n" "${DOCKER_HOST-}" "${DOCKER_CONTEXT-}"',
  'config="${DOCKER_CONFIG:-$HOME/.docker}/config.json"',
  'if [ -r "$config" ]; then sed -n \'s/.*"currentContext"[[:space:]]*:[[:space:]]*"\\([^"]*\\)".*/\\1/p\' "$config"; fi',
].join('\n');

/** Tells whether the CLI settings that CLI_ENDPOINT_COMMAND printed leave the default daemon in use. */
export function usesDefaultEndpoint(output: string, socketPath: string): boolean {
  const [host = '', context = '', current = ''] = output.split('\n');
  const hostIsDefault = host === '' || host === `unix://${socketPath}`;
  const contextIsDefault = (context === '' || context === 'default') && (current === '' || current === 'default');
  return hostIsDefault && contextIsDefault;
}

/** Sends one GET request over a freshly opened socket and reads the whole response. */
async function getOver(opener: HostSockets, socketPath: string, path: string, timeoutMs: number): Promise<ApiResponse> {
  const stream = await opener.openUnixSocket(socketPath);
  return new Promise<ApiResponse>((resolve, reject) => {
    const call = request(
      { createConnection: () => stream as never, path, method: 'GET', headers: { Host: 'docker' }, timeout: timeoutMs },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    call.on('timeout', () => call.destroy(new Error(`docker API GET ${path} on ${socketPath} timed out after ${timeoutMs} ms`)));
    call.on('error', reject);
    call.end();
  });
}

/** Checks, once per connection and socket, that the API is the CLI's daemon and responds. */
async function probe(conn: Connection, opener: HostSockets, cli: DockerCli, socketPath: string): Promise<boolean> {
  try {
    if (cli.defaultEndpoint) {
      const settings = await conn.exec(CLI_ENDPOINT_COMMAND);
      if (settings.exitCode !== 0 || !usesDefaultEndpoint(settings.stdout.trimEnd(), socketPath)) return false;
    }
    const ping = await getOver(opener, socketPath, '/_ping', 10_000);
    return ping.status === 200;
  } catch {
    // No forwarding allowed, no socket, no permission: the CLI still works.
    return false;
  }
}

const probes = new WeakMap<HostSockets, Map<string, Promise<boolean>>>();

/** A daemon API that may serve the task's reads, with the check that decides whether it does. */
export interface ApiCandidate {
  api: EngineApi;
  /** Resolves once per connection and socket: whether the API is the CLI's daemon and responds. */
  usable: Promise<boolean>;
}

/**
 * Returns the daemon's API on the host when the task's docker options and
 * the connection allow it, with its check still running, so that a caller
 * can read through the API meanwhile. Returns undefined when only the CLI
 * can read.
 */
export function engineApiCandidate(conn: Connection, cli: DockerCli): ApiCandidate | undefined {
  const opener = conn.sockets;
  const socketPath = cli.socketPath;
  if (!opener || !socketPath) return undefined;

  let bySocket = probes.get(opener);
  if (!bySocket) probes.set(opener, (bySocket = new Map()));
  const key = `${cli.defaultEndpoint ? 'default' : 'explicit'} ${socketPath}`;
  let usable = bySocket.get(key);
  if (!usable) bySocket.set(key, (usable = probe(conn, opener, cli, socketPath)));

  const timeoutMs = cli.timeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
  return { api: { get: (path) => getOver(opener, socketPath, path, timeoutMs) }, usable };
}

/** Returns the daemon's API once its check has passed, or undefined to read through the CLI. */
export async function engineApiFor(conn: Connection, cli: DockerCli): Promise<EngineApi | undefined> {
  const candidate = engineApiCandidate(conn, cli);
  if (!candidate || !(await candidate.usable)) return undefined;
  return candidate.api;
}

// `docker inspect NAME` without a type tries these kinds in this order and
// prints the first that matches (docker/cli, cli/command/system/inspect.go).
const AUTODETECT_ORDER = ['container', 'image', 'network', 'volume'] as const;
type ObjectKind = (typeof AUTODETECT_ORDER)[number];

function objectPath(kind: ObjectKind, name: string): string {
  const encoded = encodeURI(name);
  if (kind === 'container') return `/containers/${encoded}/json`;
  if (kind === 'image') return `/images/${encoded}/json`;
  if (kind === 'network') return `/networks/${encoded}`;
  return `/volumes/${encoded}`;
}

/** Reads one object, or undefined when the daemon has none of that kind and name. */
async function readObject(api: EngineApi, kind: ObjectKind, name: string): Promise<InspectObject | undefined> {
  const path = objectPath(kind, name);
  const response = await api.get(path);
  if (response.status === 404) return undefined;
  if (response.status !== 200) {
    throw new Error(`docker API GET ${path} returned ${response.status}: ${daemonMessage(response.body)}`);
  }
  return JSON.parse(response.body) as InspectObject;
}

function daemonMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: the body itself is the best message there is.
  }
  return body.trim().slice(0, 200);
}

/**
 * Does what `docker <words>` would for an inspect command, through the API,
 * or returns undefined for words it does not cover (the caller then runs the
 * CLI). Names that match nothing are absent from the result, as they are
 * from the CLI's output.
 */
export async function inspectThroughApi(api: EngineApi, words: string[]): Promise<InspectObject[] | undefined> {
  const [first, second, ...rest] = words;
  let kinds: readonly ObjectKind[];
  let names: string[];
  if (first === 'inspect') {
    kinds = AUTODETECT_ORDER;
    names = words.slice(1);
  } else if (second === 'inspect' && (AUTODETECT_ORDER as readonly string[]).includes(first)) {
    kinds = [first as ObjectKind];
    names = rest;
  } else {
    return undefined;
  }
  // Flags (--format, --size) and names that are not plain object names or
  // image references go to the CLI, whose messages then name the problem.
  if (names.length === 0 || !names.every(isPlainName)) return undefined;

  const found = await Promise.all(names.map((name) => firstMatch(api, kinds, name)));
  return found.filter((object): object is InspectObject => object !== undefined);
}

/**
 * Tells whether a name is made only of the characters of Docker object
 * names and image references, with no empty or dot-dot path segment, so
 * that it is the same object name inside a URL path.
 */
function isPlainName(name: string): boolean {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:@/-]*$/.test(name)) return false;
  return name.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

/**
 * Reads the name as each kind at once and keeps the first kind, in order,
 * that has it: one round trip instead of up to four, for a few more
 * requests, each a cheap lookup for the daemon.
 */
async function firstMatch(api: EngineApi, kinds: readonly ObjectKind[], name: string): Promise<InspectObject | undefined> {
  const found = await Promise.all(kinds.map((kind) => readObject(api, kind, name)));
  return found.find((object) => object !== undefined);
}
