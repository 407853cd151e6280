/**
 * Making sure the task's image is on the host before docker_container
 * decides: `pull: missing` pulls only an image that is not there,
 * `pull: always` pulls every time, `pull: never` and image IDs never pull.
 */
import type { Connection } from '../../connection/connection.js';
import { CommandFailedError, runArgv } from '../remote.js';
import { docker, execOptions, type DockerCli } from './cli.js';
import type { ContainerArgs } from './container-args.js';
import { isImageId, normalizeImageRef, type ContainerFacts } from './container-facts.js';
import { inspectObjects, type InspectObject } from './inspect.js';

export interface ImageOutcome {
  image?: InspectObject;
  /** Actions done (`pulled image x`), or in check mode the actions that would be. */
  actions: string[];
  /** The reason the task cannot go on, when it cannot. */
  error?: string;
}

function shouldPull(args: ContainerArgs, present: boolean): boolean {
  if (!args.image || isImageId(args.image) || args.pull === 'never') return false;
  return args.pull === 'always' || !present;
}

export async function ensureImage(
  conn: Connection,
  cli: DockerCli,
  args: ContainerArgs,
  facts: ContainerFacts,
  check: boolean,
): Promise<ImageOutcome> {
  if (!args.image || args.state === 'absent') return { image: facts.image, actions: [] };
  const ref = normalizeImageRef(args.image);
  if (!shouldPull(args, facts.image !== undefined)) {
    if (facts.image) return { image: facts.image, actions: [] };
    return {
      actions: [],
      error: `image ${ref} is not on host ${conn.hostName}, and pull is never (or the image is given by ID)`,
    };
  }
  // Check mode cannot know whether a pull would bring a newer image, so it claims a change only for a missing one.
  if (check) return { image: facts.image, actions: facts.image ? [] : [`pull image ${ref}`] };

  try {
    await runArgv(conn, docker(cli, 'pull', '--quiet', ref), execOptions(cli));
  } catch (error) {
    if (!(error instanceof CommandFailedError)) throw error;
    return { actions: [], error: `could not pull image ${ref}: ${error.message}` };
  }
  const [pulled] = await inspectObjects(conn, cli, ['image', 'inspect', ref]);
  const isNew = pulled?.Id !== facts.image?.Id;
  return { image: pulled, actions: isNew ? [`pulled image ${ref}`] : [] };
}
