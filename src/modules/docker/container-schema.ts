/**
 * The argument schema of docker_container: the options of
 * community.docker.docker_container that skprun supports, under the same
 * names and aliases. Any other option is rejected before a host is
 * contacted.
 */
import { BOOLEAN_SCHEMA, STRING_LIST_SCHEMA, STRING_MAP_SCHEMA } from './args.js';
import { DOCKER_CLI_PROPERTIES } from './cli.js';

const COMMAND_SCHEMA = {
  anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
} as const;

const networkSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    aliases: STRING_LIST_SCHEMA,
    ipv4_address: { type: 'string' },
    ipv6_address: { type: 'string' },
  },
} as const;

const mountSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['target'],
  properties: {
    target: { type: 'string', minLength: 1 },
    source: { type: 'string' },
    type: { enum: ['bind', 'volume', 'tmpfs', 'npipe'] },
    read_only: BOOLEAN_SCHEMA,
    consistency: { enum: ['cached', 'consistent', 'default', 'delegated'] },
    propagation: { enum: ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'] },
    no_copy: BOOLEAN_SCHEMA,
    tmpfs_size: { type: 'string' },
    tmpfs_mode: { type: 'string' },
  },
} as const;

export const containerSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'Name of the container.' },
    image: { type: 'string', minLength: 1, description: 'Image to run; a missing tag is latest.' },
    state: { enum: ['started', 'stopped', 'present', 'absent'], description: 'Default started.' },
    command: COMMAND_SCHEMA,
    command_handling: { enum: ['correct', 'compatibility'] },
    entrypoint: COMMAND_SCHEMA,
    env: { type: 'object', description: 'Environment variables; values must be strings.' },
    env_file: { type: 'string', description: 'File of KEY=value lines on the target.' },
    published_ports: STRING_LIST_SCHEMA,
    ports: STRING_LIST_SCHEMA,
    exposed_ports: STRING_LIST_SCHEMA,
    exposed: STRING_LIST_SCHEMA,
    expose: STRING_LIST_SCHEMA,
    publish_all_ports: BOOLEAN_SCHEMA,
    default_host_ip: {
      type: 'string',
      description: 'Host address of ports published without one.',
    },
    networks: { type: 'array', items: networkSchema },
    network_mode: { type: 'string' },
    networks_cli_compatible: BOOLEAN_SCHEMA,
    purge_networks: BOOLEAN_SCHEMA,
    volumes: STRING_LIST_SCHEMA,
    mounts: { type: 'array', items: mountSchema },
    restart_policy: { enum: ['no', 'on-failure', 'always', 'unless-stopped'] },
    restart_retries: { type: 'integer', minimum: 0 },
    labels: STRING_MAP_SCHEMA,
    hostname: { type: 'string' },
    user: { type: 'string' },
    working_dir: { type: 'string' },
    privileged: BOOLEAN_SCHEMA,
    tty: BOOLEAN_SCHEMA,
    interactive: BOOLEAN_SCHEMA,
    init: BOOLEAN_SCHEMA,
    read_only: BOOLEAN_SCHEMA,
    auto_remove: BOOLEAN_SCHEMA,
    stop_signal: { type: 'string' },
    stop_timeout: { type: 'integer', minimum: 0 },
    log_driver: { type: 'string' },
    log_options: STRING_MAP_SCHEMA,
    log_opt: STRING_MAP_SCHEMA,
    etc_hosts: STRING_MAP_SCHEMA,
    dns_servers: STRING_LIST_SCHEMA,
    capabilities: STRING_LIST_SCHEMA,
    cap_drop: STRING_LIST_SCHEMA,
    recreate: { ...BOOLEAN_SCHEMA, description: 'Recreate the container even when it matches.' },
    restart: { ...BOOLEAN_SCHEMA, description: 'Restart a matching running container.' },
    pull: {
      anyOf: [{ enum: ['missing', 'always', 'never'] }, BOOLEAN_SCHEMA],
      description: 'missing (default): pull only an image not on the host; always; never.',
    },
    detach: {
      ...BOOLEAN_SCHEMA,
      description: 'false: wait for the container to exit and fail on a non-zero status.',
    },
    cleanup: {
      ...BOOLEAN_SCHEMA,
      description: 'With detach false, remove the container after it exits.',
    },
    force_kill: BOOLEAN_SCHEMA,
    forcekill: BOOLEAN_SCHEMA,
    keep_volumes: {
      ...BOOLEAN_SCHEMA,
      description: 'Keep anonymous volumes of a removed container; default true.',
    },
    comparisons: {
      type: 'object',
      additionalProperties: { enum: ['strict', 'ignore', 'allow_more_present'] },
    },
    container_default_behavior: { enum: ['compatibility', 'no_defaults'] },
    ...DOCKER_CLI_PROPERTIES,
  },
} as const;
