/**
 * The one fact every docker module reads: `docker inspect` of some objects,
 * where a missing object is a result, not a failure. Docker prints the
 * objects it found as a JSON array, writes one error line per missing name
 * and exits 1; any other error line (no daemon, no permission) raises.
 */
import type { Connection } from '../../connection/connection.js';
import { shellJoin } from '../../connection/quote.js';
import { CommandFailedError } from '../remote.js';
import { execOptions, type DockerCli, docker } from './cli.js';
import { engineApiCandidate, inspectThroughApi } from './engine-api.js';

export type InspectObject = Record<string, any>;

// Wording of docker 20.10 to 28 for a name that matches nothing:
// "Error: No such object: x", "Error response from daemon: get x: no such
// volume", "Error response from daemon: network x not found".
const MISSING_LINE = /no such (object|volume|container|image|network)|not found/i;

/** Checks that every error line reports a missing object and nothing else. */
export function onlyMissingErrors(stderr: string): boolean {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  return lines.every((line) => MISSING_LINE.test(line));
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Waits for a promise without letting its rejection escape, which a failed check makes moot. */
async function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Parses `docker inspect` output, raising when it is not a JSON array. */
export function parseInspectOutput(command: string, stdout: string): InspectObject[] {
  const text = stdout.trim();
  if (text === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(
      `docker inspect printed something other than JSON (command: ${command}): ${text.slice(0, 200)}`,
    );
  }
  if (!Array.isArray(parsed))
    throw new Error(`docker inspect printed no JSON array (command: ${command})`);
  return parsed as InspectObject[];
}

/**
 * Reads what `docker <words...>` (an inspect subcommand) prints and returns
 * the objects found; names that match nothing are simply absent from the
 * result. The daemon's API serves the read when the connection can reach it
 * (engine-api.ts), and the docker CLI otherwise.
 */
export async function inspectObjects(
  conn: Connection,
  cli: DockerCli,
  words: string[],
): Promise<InspectObject[]> {
  const candidate = engineApiCandidate(conn, cli);
  if (candidate) {
    // The reads start while the check runs (its first time on a connection,
    // one command and a ping), and count only if the check passes.
    const [usable, read] = await Promise.all([candidate.usable, settle(inspectThroughApi(candidate.api, words))]);
    if (usable && read.ok && read.value) return read.value;
    if (usable && !read.ok) throw read.error;
  }

  const command = shellJoin(docker(cli, ...words));
  const result = await conn.exec(command, execOptions(cli));
  const tolerated = result.exitCode === 1 && onlyMissingErrors(result.stderr);
  if (result.exitCode !== 0 && !tolerated) throw new CommandFailedError(command, result);
  return parseInspectOutput(command, result.stdout);
}
