/**
 * docker_volume: creates and removes Docker volumes with the parameters of
 * community.docker.docker_volume, through the docker CLI on the target.
 */
import type { ModuleContext, ModuleDefinition, ModuleResult } from './module.js';
import { failure } from './module.js';
import { ArgumentError, STRING_MAP_SCHEMA, type RawArgs } from './docker/args.js';
import { DOCKER_CLI_PROPERTIES, dockerCliFromArgs, type DockerCli } from './docker/cli.js';
import { inspectObjects, type InspectObject } from './docker/inspect.js';
import { runPlan } from './docker/run-plan.js';
import { decideVolume, parseVolumeArgs } from './docker/volume-plan.js';

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    volume_name: { type: 'string', minLength: 1, description: 'Name of the volume.' },
    name: { type: 'string', minLength: 1 },
    state: { enum: ['present', 'absent'], description: 'Default present.' },
    driver: { type: 'string', description: 'Volume driver; default local.' },
    driver_options: { ...STRING_MAP_SCHEMA, description: 'Driver options (`--opt key=value`).' },
    labels: STRING_MAP_SCHEMA,
    recreate: {
      enum: ['never', 'always', 'options-changed'],
      description: 'When an existing volume is removed and created again; default never.',
    },
    ...DOCKER_CLI_PROPERTIES,
  },
  anyOf: [{ required: ['volume_name'] }, { required: ['name'] }],
} as const;

async function readVolume(
  ctx: ModuleContext,
  cli: DockerCli,
  name: string,
): Promise<InspectObject | undefined> {
  const found = await inspectObjects(ctx.conn, cli, ['volume', 'inspect', name]);
  return found.find((volume) => volume.Name === name);
}

async function run(args: RawArgs, ctx: ModuleContext): Promise<ModuleResult> {
  let volumeArgs;
  let cli;
  try {
    volumeArgs = parseVolumeArgs(args);
    cli = dockerCliFromArgs(args);
  } catch (error) {
    if (error instanceof ArgumentError) return failure(error.message);
    throw error;
  }

  const volume = await readVolume(ctx, cli, volumeArgs.name);
  const plan = decideVolume(cli, volumeArgs, volume);
  const { result, applied } = await runPlan(ctx.conn, cli, plan, ctx.flags);
  const current = applied ? await readVolume(ctx, cli, volumeArgs.name) : volume;
  return { ...result, volume: current ?? null };
}

const dockerVolume: ModuleDefinition<RawArgs> = {
  name: 'docker_volume',
  aliases: ['community.docker.docker_volume', 'community.general.docker_volume'],
  schema,
  idempotent: true,
  run,
};

export default dockerVolume;
