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
  /**
   * Set on tasks the loader adds that no file wrote: the `meta: flush_handlers`
   * that Ansible runs after pre_tasks and after roles and tasks, when more
   * tasks follow. (The flush at the end of a play is the engine's own.)
   * Output and --list-tasks should show nothing for them.
   */
  implicit?: boolean;
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
  /**
   * The lookup of a `with_<lookup>` loop (`items`, `dict`, `sequence`, ...),
   * whose terms are in `loop`; undefined for `loop:`. See LOOP_LOOKUPS in
   * task-keywords.ts for the ones the loader accepts.
   */
  loopWith?: string;
  loopControl?: {
    loopVar: string;
    indexVar?: string;
    label?: string;
    /** Seconds to wait between items. */
    pause?: unknown;
    extended?: unknown;
  };
  ignoreErrors?: unknown;
  changedWhen?: unknown[];
  failedWhen?: unknown[];
}

export interface BlockTask extends TaskCommon {
  kind: 'block';
  block: Task[];
  rescue: Task[];
  always: Task[];
  /** Set when the loader made this block from an import, an include or a role. */
  include?: IncludeOrigin;
}

/** The origin of a block that the loader made from a task file or a role. */
export interface IncludeOrigin {
  keyword: 'import_tasks' | 'include_tasks' | 'import_role' | 'include_role' | 'roles';
  /** Absolute path of the task file or role folder. */
  path: string;
  /**
   * Whether the block's `when` and `tags` apply to the include itself and are
   * evaluated once on entering it (include_tasks, include_role), rather than
   * inherited by each task inside (import_tasks, import_role, roles:).
   */
  dynamic: boolean;
  /**
   * The templated file name of an include_tasks, rendered and read when the
   * task runs; the block is then empty and `path` is the including file.
   */
  file?: unknown;
  /** The loop of an include_tasks or include_role: its tasks run once per item. */
  loop?: unknown;
  loopWith?: string;
  loopControl?: ModuleTask['loopControl'];
  /**
   * The keywords under `apply:` of an include_tasks or include_role, which
   * every task it brings in inherits as from an enclosing block.
   */
  apply?: IncludeApply;
  /**
   * The templated role name of an include_role, rendered per host when the
   * task runs. The block is then empty and `path` is the including file.
   */
  roleName?: string;
  /** The include_role options that go with a templated role name. */
  roleOptions?: RuntimeRoleOptions;
}

/** The options of an include_role whose role is found at run time. */
export interface RuntimeRoleOptions {
  tasksFrom?: string;
  varsFrom?: string;
  defaultsFrom?: string;
  handlersFrom?: string;
  allowDuplicates: boolean;
  /** Variables the include_role passes to the role (its `vars:`). */
  params: Record<string, unknown>;
  /** Folder of the role whose tasks contain the include_role, searched for the role first. */
  dependentDir?: string;
  /** Where the role name is written, for messages about it. */
  namePosition: SourcePosition;
}

/** The keywords of an include's `apply:`, split as a block's are. */
export interface IncludeApply {
  when: unknown[];
  tags: string[];
  vars: Record<string, unknown>;
  /** The other keywords (become, environment, ignore_errors, ...). */
  keywords: Record<string, unknown>;
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
  /** The other play keywords (become, strategy, tags as a string list, ...). */
  keywords: Record<string, unknown>;
  /** The file the play was written in, as messages name it. */
  file?: string;
  /** The play's vars_files, in order: each one above `vars` and above the ones before it. */
  varsFiles?: VarsFile[];
}

/** One vars_files entry of a play. */
export interface VarsFile {
  /** The name as written, or the names of a first-found list. */
  names: string[];
  position: SourcePosition;
  /** Absolute path of the file, when the loader read it; undefined when a name is templated. */
  path?: string;
  /** The file's variables, when the loader read it; a templated name is read at run time. */
  vars?: Record<string, unknown>;
}

export interface Playbook {
  /** Absolute path of the playbook file. */
  file: string;
  /** Its folder (Ansible's `playbook_dir`). */
  dir: string;
  plays: Play[];
}
