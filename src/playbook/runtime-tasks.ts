/**
 * Reads a task file while the playbook runs, for an include_tasks whose
 * file name is templated: the name is known only once a host's variables
 * render it. The file gets the same checks as one read at load time.
 *
 * NOTE: handlers of roles that such a file brings in with import_role or
 * include_role are not added to the play, and its notify names are not
 * checked against the play's handlers.
 */
import { dirname, resolve } from 'node:path';
import { InputErrors } from '../errors.js';
import type { LoadContext, TaskScope } from './context.js';
import { FileCache, newPlayBuild } from './context.js';
import type { RoleContext, Task } from './model.js';
import { registryLookup } from './modules.js';
import { rolesPathFromEnv } from './role-paths.js';
import { Problems, Site } from './site.js';
import { readTaskList } from './tasks.js';

export interface RuntimeTaskOptions {
  /** Folder of the playbook being run, where roles and relative paths start. */
  playbookDir: string;
  /** The role whose tasks these are, when the include is in a role. */
  role?: RoleContext;
}

/** Reads and checks a task file; raises InputErrors listing every problem. */
export async function loadTasksAtRunTime(path: string, options: RuntimeTaskOptions): Promise<Task[]> {
  const problems = new Problems();
  const files = new FileCache(problems);
  const ctx: LoadContext = {
    modules: await registryLookup(),
    problems,
    playbookDir: options.playbookDir,
    rolesPath: rolesPathFromEnv(process.env),
    files,
    readTasks: (raw, site, scope) => readTaskList(raw, site, scope, ctx),
  };
  const scope: TaskScope = {
    play: newPlayBuild(),
    fileDir: dirname(path),
    handlers: false,
    includeStack: [resolve(path)],
    ...(options.role ? { role: options.role, roleDir: options.role.path } : {}),
  };

  const document = await files.read(path);
  const tasks = document ? await readTaskList(document.value, new Site(path, document.positions), scope, ctx) : [];
  if (problems.errors.length > 0) throw new InputErrors(problems.sortedErrors());
  return tasks;
}
