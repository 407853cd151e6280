/**
 * docker_network: creates, recreates and removes Docker networks and
 * connects containers to them, with the parameters of
 * community.docker.docker_network, through the docker CLI on the target.
 */
import type { ModuleContext, ModuleDefinition, ModuleResult } from './module.js';
import { failure } from './module.js';
import {
  ArgumentError,
  BOOLEAN_SCHEMA,
  STRING_LIST_SCHEMA,
  STRING_MAP_SCHEMA,
  type RawArgs,
} from './docker/args.js';
import { DOCKER_CLI_PROPERTIES, dockerCliFromArgs, type DockerCli } from './docker/cli.js';
import { inspectObjects, type InspectObject } from './docker/inspect.js';
import { parseNetworkArgs } from './docker/network-args.js';
import { decideNetwork } from './docker/network-plan.js';
import { runPlan } from './docker/run-plan.js';

const ipamPoolSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subnet: { type: 'string', description: 'Subnet in CIDR notation.' },
    gateway: { type: 'string' },
    iprange: { type: 'string', description: 'Range to allocate from, in CIDR notation.' },
    aux_addresses: STRING_MAP_SCHEMA,
  },
} as const;

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, description: 'Name of the network.' },
    network_name: { type: 'string', minLength: 1 },
    state: { enum: ['present', 'absent'], description: 'Default present.' },
    driver: { type: 'string', description: 'Network driver; default bridge.' },
    driver_options: STRING_MAP_SCHEMA,
    ipam_driver: { type: 'string' },
    ipam_driver_options: STRING_MAP_SCHEMA,
    ipam_config: { type: 'array', items: ipamPoolSchema },
    enable_ipv6: BOOLEAN_SCHEMA,
    internal: BOOLEAN_SCHEMA,
    scope: { enum: ['local', 'global', 'swarm'] },
    attachable: BOOLEAN_SCHEMA,
    labels: STRING_MAP_SCHEMA,
    force: {
      ...BOOLEAN_SCHEMA,
      description: 'Disconnect containers before removing; with state present, always recreate.',
    },
    connected: { ...STRING_LIST_SCHEMA, description: 'Containers to connect to the network.' },
    containers: STRING_LIST_SCHEMA,
    appends: {
      ...BOOLEAN_SCHEMA,
      description: 'Keep containers connected that connected does not list.',
    },
    incremental: BOOLEAN_SCHEMA,
    ...DOCKER_CLI_PROPERTIES,
  },
  anyOf: [{ required: ['name'] }, { required: ['network_name'] }],
} as const;

async function readNetwork(
  ctx: ModuleContext,
  cli: DockerCli,
  name: string,
): Promise<InspectObject | undefined> {
  const found = await inspectObjects(ctx.conn, cli, ['network', 'inspect', name]);
  return found.find((network) => network.Name === name);
}

async function run(args: RawArgs, ctx: ModuleContext): Promise<ModuleResult> {
  let networkArgs;
  let cli;
  try {
    networkArgs = parseNetworkArgs(args);
    cli = dockerCliFromArgs(args);
  } catch (error) {
    if (error instanceof ArgumentError) return failure(error.message);
    throw error;
  }

  const network = await readNetwork(ctx, cli, networkArgs.name);
  const plan = decideNetwork(cli, networkArgs, network);
  const { result, applied } = await runPlan(ctx.conn, cli, plan, ctx.flags);
  const current = applied ? await readNetwork(ctx, cli, networkArgs.name) : network;
  return { ...result, network: current ?? null };
}

const dockerNetwork: ModuleDefinition<RawArgs> = {
  name: 'docker_network',
  aliases: ['community.docker.docker_network', 'community.general.docker_network'],
  schema,
  idempotent: true,
  run,
};

export default dockerNetwork;
