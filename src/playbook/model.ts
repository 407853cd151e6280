/**
 * The loaded, validated form of a playbook, as the engine runs it. Values
 * stay untemplated here: `{{ }}` is rendered per host at run time.
 */
import type { SourcePosition } from '../errors.js';

/** Where a task came from, when a role brought it in. */
export interface RoleContext {
  name: string;
  /** Absolute path of the role's folder (Ansible's `role_path`). */
  path: string;
  /** The role's defaults/main.yml: the lowest variable precedence. */
  defaults: Record<string, unknown>;
  /** The role's vars/main.yml, above play vars. */
  vars: Record<string, unknown>;
  /** Variables given where the play lists the role (`roles: [{role: x, vars}]`). */
  params: Record<string, unknown>;
}

interface TaskCommon {
  name?: string;
  position: SourcePosition;
  /** Conditions that must all hold; strings are Jinja2 expressions. */
  when: unknown[];
  vars: Record<string, unknown>;
  tags: string[];
  role?: RoleContext;
  /** The raw value of every other task keyword (become, environment, ...). */
  keywords: Record<string, unknown>;
}

export interface ModuleTask extends TaskCommon {
  kind: 'module';
  /** The module's canonical short name (`docker_container`). */
  module: string;
  /** The name as the file wrote it (`community.docker.docker_container`). */
  moduleAlias: string;
  args: Record<string, unknown>;
  register?: string;
  notify: string[];
  loop?: unknown;
  loopControl?: { loopVar: string; indexVar?: string; label?: string };
  ignoreErrors?: unknown;
  changedWhen?: unknown[];
  failedWhen?: unknown[];
}

export interface BlockTask extends TaskCommon {
  kind: 'block';
  block: Task[];
  rescue: Task[];
  always: Task[];
}

export type Task = ModuleTask | BlockTask;

export interface Handler extends ModuleTask {
  /** Extra names the handler answers to (`listen`). */
  listen: string[];
}

export interface Play {
  name?: string;
  position: SourcePosition;
  /** A host pattern: `all`, `registry`, `a:b`, `a:!b`, ... */
  hosts: string;
  vars: Record<string, unknown>;
  /** pre_tasks, role tasks, tasks and post_tasks, in running order. */
  tasks: Task[];
  handlers: Handler[];
  gatherFacts: boolean;
  anyErrorsFatal: boolean;
  serial?: unknown;
  keywords: Record<string, unknown>;
}

export interface Playbook {
  /** Absolute path of the playbook file. */
  file: string;
  /** Its folder (Ansible's `playbook_dir`). */
  dir: string;
  plays: Play[];
}
