/**
 * The JSON schema of the playbook language itself: which keywords a play, a
 * task, a block, a handler and a role entry take, and their types. Module
 * arguments are checked against each module's own schema instead.
 */
import { VARIABLE_NAME_PATTERN } from './schema-issues.js';

const string = { type: 'string' };
const boolean = { type: 'boolean' };
const count = { type: 'integer', minimum: 0 };
const stringList = { type: ['string', 'array'], items: { type: 'string' } };
const conditions = { type: ['string', 'boolean', 'array'], items: { type: ['string', 'boolean'] } };
const tags = { type: ['string', 'number', 'array'], items: { type: ['string', 'number'] } };
const vars = { type: ['object', 'null'], propertyNames: { pattern: VARIABLE_NAME_PATTERN } };
const mapping = { type: 'object' };
/** The become methods the connections implement (BECOME_METHODS in src/connection/become.ts). */
export const becomeMethod = { type: 'string', enum: ['sudo', 'su'] };

/** Keywords that a play, a block and a task all take, inherited downwards. */
const common = {
  name: string,
  vars,
  tags,
  become: boolean,
  become_user: string,
  become_method: becomeMethod,
  become_flags: string,
  environment: mapping,
  ignore_errors: boolean,
  ignore_unreachable: boolean,
  any_errors_fatal: boolean,
  check_mode: boolean,
  diff: boolean,
  no_log: boolean,
  run_once: boolean,
  throttle: count,
  timeout: count,
  remote_user: string,
  connection: string,
  module_defaults: mapping,
  collections: { type: 'array', items: string },
};

/** Keywords of blocks and tasks, which plays do not take. */
const inherited = {
  ...common,
  when: conditions,
  delegate_to: string,
  delegate_facts: boolean,
};

const loopControl = {
  type: 'object',
  properties: {
    loop_var: { type: 'string', pattern: VARIABLE_NAME_PATTERN },
    index_var: { type: 'string', pattern: VARIABLE_NAME_PATTERN },
    label: string,
    pause: { type: 'number', minimum: 0 },
    extended: boolean,
    extended_allitems: boolean,
  },
  additionalProperties: false,
};

/** One vars_prompt entry, as Ansible documents them. */
const varsPrompt = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: VARIABLE_NAME_PATTERN },
    prompt: string,
    default: { type: ['string', 'number', 'boolean'] },
    private: boolean,
    confirm: boolean,
    encrypt: string,
    salt_size: count,
    salt: string,
    unsafe: boolean,
  },
  required: ['name'],
  additionalProperties: false,
};

/** Keywords of a task that runs a module (the module key itself is checked apart). */
const taskKeywords = {
  ...inherited,
  args: mapping,
  register: { type: 'string', pattern: VARIABLE_NAME_PATTERN },
  notify: stringList,
  loop: { type: 'array' },
  loop_control: loopControl,
  changed_when: conditions,
  failed_when: conditions,
  until: conditions,
  retries: count,
  delay: { type: 'number', minimum: 0 },
};

export const keywordSchemas = {
  play: {
    type: 'object',
    properties: {
      ...common,
      hosts: { type: ['string', 'array'], items: string, minLength: 1 },
      vars_files: { type: 'array', items: { type: ['string', 'array'], items: string } },
      vars_prompt: { type: 'array', items: varsPrompt },
      tasks: { type: ['array', 'null'] },
      pre_tasks: { type: ['array', 'null'] },
      post_tasks: { type: ['array', 'null'] },
      handlers: { type: ['array', 'null'] },
      roles: { type: ['array', 'null'] },
      gather_facts: boolean,
      serial: { type: ['integer', 'string', 'array'], items: { type: ['integer', 'string'] } },
      strategy: { type: 'string', enum: ['linear', 'free'] },
      max_fail_percentage: { type: 'number', minimum: 0, maximum: 100 },
      force_handlers: boolean,
      order: { type: 'string', enum: ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'] },
    },
    required: ['hosts'],
  },
  task: { type: 'object', properties: taskKeywords },
  handler: { type: 'object', properties: { ...taskKeywords, listen: stringList } },
  block: {
    type: 'object',
    properties: {
      ...inherited,
      notify: stringList,
      block: { type: ['array', 'null'] },
      rescue: { type: ['array', 'null'] },
      always: { type: ['array', 'null'] },
    },
  },
  /** A task that imports or includes a file or a role: keywords then apply to the tasks in it. */
  include: { type: 'object', properties: { ...inherited } },
  roleEntry: { type: 'object', properties: { ...inherited, role: string } },
  importPlaybook: {
    type: 'object',
    properties: { import_playbook: string, name: string, vars, tags, when: conditions },
  },
  roleMeta: {
    type: ['object', 'null'],
    properties: {
      dependencies: { type: ['array', 'null'], items: { type: ['string', 'object'] } },
      allow_duplicates: boolean,
      galaxy_info: {},
      collections: { type: 'array', items: string },
    },
    additionalProperties: false,
  },
  includeRole: {
    type: 'object',
    properties: {
      name: string,
      tasks_from: string,
      vars_from: string,
      defaults_from: string,
      handlers_from: string,
      allow_duplicates: boolean,
    },
    required: ['name'],
    additionalProperties: false,
  },
} as const;

export type KeywordSchemaName = keyof typeof keywordSchemas;

/** Lists the keywords a kind of entry accepts. */
export function keywordsOf(kind: KeywordSchemaName): string[] {
  return Object.keys(keywordSchemas[kind].properties);
}
