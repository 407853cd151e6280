/**
 * Module specs for the loader's tests, shaped like real ones, so the tests do
 * not depend on which modules the registry contains at the time.
 */
import type { LoadPlaybookOptions } from '../../src/playbook/load-playbook.js';
import type { ModuleSpec } from '../../src/playbook/modules.js';

const stringList = { type: 'array', items: { type: 'string' } };

export const testModules: ModuleSpec[] = [
  {
    name: 'command',
    aliases: ['ansible.builtin.command'],
    freeForm: 'cmd',
    schema: {
      type: 'object',
      properties: { cmd: { type: 'string' }, chdir: { type: 'string' }, creates: { type: 'string' }, removes: { type: 'string' } },
      additionalProperties: false,
    },
  },
  {
    name: 'shell',
    aliases: ['ansible.builtin.shell'],
    freeForm: 'cmd',
    schema: {
      type: 'object',
      properties: { cmd: { type: 'string' }, chdir: { type: 'string' }, executable: { type: 'string' } },
      additionalProperties: false,
    },
  },
  {
    name: 'file',
    aliases: ['ansible.builtin.file'],
    schema: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        state: { type: 'string', enum: ['file', 'directory', 'absent', 'touch'] },
        mode: { type: ['string', 'integer'] },
        recurse: { type: 'boolean' },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
  {
    name: 'debug',
    aliases: ['ansible.builtin.debug'],
    schema: {
      type: 'object',
      properties: { msg: {}, var: { type: 'string' }, verbosity: { type: 'integer' } },
      additionalProperties: false,
    },
  },
  {
    name: 'docker_container',
    aliases: ['community.docker.docker_container'],
    schema: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        image: { type: 'string' },
        state: { type: 'string', enum: ['present', 'started', 'stopped', 'absent'] },
        published_ports: stringList,
        volumes: stringList,
        networks: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
        restart_policy: { type: 'string', enum: ['no', 'on-failure', 'always', 'unless-stopped'] },
        env: { type: 'object', additionalProperties: { type: 'string' } },
        memory: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        detach: { type: 'boolean' },
        timeout: { type: 'integer', minimum: 1 },
      },
      required: ['name'],
      additionalProperties: false,
    },
  },
];

const byName = new Map<string, ModuleSpec>();
for (const spec of testModules) {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) byName.set(name, spec);
}

/** Loader options that use the test modules. */
export const withTestModules: LoadPlaybookOptions = {
  moduleLookup: (name) => byName.get(name),
  moduleNames: () => [...byName.keys()],
  rolesPath: [],
};
