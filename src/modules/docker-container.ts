/**
 * docker_container: creates, recreates, starts, stops and removes Docker
 * containers with the parameters of community.docker.docker_container,
 * through the docker CLI on the target. One `docker inspect` reads the
 * container, its image and its network; a matching container costs nothing
 * more.
 */
import type { Connection } from '../connection/connection.js';
import type { ModuleContext, ModuleDefinition, ModuleResult } from './module.js';
import { failure } from './module.js';
import { readRemoteFile } from './remote-file.js';
import { runArgv } from './remote.js';
import { ArgumentError, type RawArgs } from './docker/args.js';
import { docker, dockerCliFromArgs, execOptions, type DockerCli } from './docker/cli.js';
import { parseContainerArgs, type ContainerArgs } from './docker/container-args.js';
import { containerFacts, containerInspectWords } from './docker/container-facts.js';
import { ensureImage } from './docker/container-image.js';
import { decideContainer, type ContainerPlan } from './docker/container-plan.js';
import { containerSchema } from './docker/container-schema.js';
import { parseEnvFile } from './docker/env-file.js';
import { inspectObjects, type InspectObject } from './docker/inspect.js';
import { runPlan } from './docker/run-plan.js';

async function readEnvFile(
  conn: Connection,
  args: ContainerArgs,
): Promise<Record<string, string> | string> {
  if (!args.envFile || args.state === 'absent') return {};
  const file = await readRemoteFile(conn, args.envFile);
  if (!file.exists) return `env_file ${args.envFile} does not exist on host ${conn.hostName}`;
  return parseEnvFile(file.content);
}

async function readContainer(
  conn: Connection,
  cli: DockerCli,
  name: string,
): Promise<InspectObject | undefined> {
  const found = await inspectObjects(conn, cli, ['container', 'inspect', name]);
  return found.find((container) => container.Name === `/${name}`);
}

/**
 * With `detach: false`, waits for the started container to exit, returns
 * its output, fails on a non-zero status and removes it with `cleanup`.
 */
async function waitForExit(
  conn: Connection,
  cli: DockerCli,
  args: ContainerArgs,
  result: ModuleResult,
): Promise<ModuleResult> {
  const options = execOptions(cli);
  const status = Number((await runArgv(conn, docker(cli, 'wait', args.name), options)).trim());
  const output = await runArgv(conn, docker(cli, 'logs', args.name), options);
  if (args.cleanup) await runArgv(conn, docker(cli, 'rm', args.name), options);
  const waited = { ...result, status, output };
  if (status === 0) return waited;
  return {
    ...waited,
    failed: true,
    msg: `${result.msg}; container ${args.name} exited with status ${status}`,
  };
}

function mergeImageActions(
  result: ModuleResult,
  imageActions: string[],
  check: boolean,
): ModuleResult {
  if (imageActions.length === 0) return result;
  const what = check ? `would ${imageActions.join(', ')}` : imageActions.join(', ');
  const merged = { ...result, changed: true, msg: `${what}; ${result.msg}` };
  if (!check) return merged;
  return { ...merged, actions: [...imageActions, ...((result.actions as string[] | undefined) ?? [])] };
}

async function converge(
  ctx: ModuleContext,
  cli: DockerCli,
  args: ContainerArgs,
): Promise<ModuleResult> {
  const objects = await inspectObjects(ctx.conn, cli, containerInspectWords(args));
  const facts = containerFacts(args, objects);
  const image = await ensureImage(ctx.conn, cli, args, facts, ctx.flags.check);
  if (image.error) return failure(image.error, { container: facts.container ?? null });
  const envFile = await readEnvFile(ctx.conn, args);
  if (typeof envFile === 'string') return failure(envFile);

  const plan: ContainerPlan = decideContainer(cli, args, { ...facts, image: image.image }, envFile);
  const ran = await runPlan(ctx.conn, cli, plan, ctx.flags);
  let result = mergeImageActions(ran.result, image.actions, ctx.flags.check);
  if (!ctx.flags.check && !result.failed && plan.starts && !args.detach) {
    result = await waitForExit(ctx.conn, cli, args, result);
  }
  const container = ran.applied ? await readContainer(ctx.conn, cli, args.name) : facts.container;
  return { ...result, container: container ?? null };
}

async function run(rawArgs: RawArgs, ctx: ModuleContext): Promise<ModuleResult> {
  try {
    const args = parseContainerArgs(rawArgs);
    return await converge(ctx, dockerCliFromArgs(rawArgs), args);
  } catch (error) {
    if (error instanceof ArgumentError) return failure(error.message);
    throw error;
  }
}

const dockerContainer: ModuleDefinition<RawArgs> = {
  name: 'docker_container',
  aliases: ['community.docker.docker_container', 'community.general.docker_container'],
  schema: containerSchema,
  idempotent: true,
  run,
};

export default dockerContainer;
