/**
 * Reads a task file while the playbook runs, for an include_tasks whose
 * file name is templated: the name is known only once a host's variables
 * render it. The file gets the same checks as one read at load time,
 * template check included.
 *
 * NOTE: notify names in such a file are not checked against the play's
 * handlers when it is read.
 */
import { dirname, resolve } from 'node:path';
import type { TaskScope } from './context.js';
import { newPlayBuild } from './context.js';
import type { RoleContext } from './model.js';
import { finishRuntimeRead, runtimeContext, type RuntimeRead } from './runtime-load.js';
import { Site } from './site.js';
import { readTaskList } from './tasks.js';

export interface RuntimeTaskOptions {
  /** Folder of the playbook being run, where roles and relative paths start. */
  playbookDir: string;
  /** The role whose tasks these are, when the include is in a role. */
  role?: RoleContext;
}

/**
 * Reads and checks a task file; raises InputErrors listing every problem.
 * Returns its tasks and the handlers of the roles it imports or includes.
 */
export async function loadTasksAtRunTime(path: string, options: RuntimeTaskOptions): Promise<RuntimeRead> {
  const ctx = await runtimeContext(options.playbookDir);
  const scope: TaskScope = {
    play: newPlayBuild(),
    fileDir: dirname(path),
    handlers: false,
    includeStack: [resolve(path)],
    ...(options.role ? { role: options.role, roleDir: options.role.path } : {}),
  };

  const document = await ctx.files.read(path);
  const tasks = document ? await readTaskList(document.value, new Site(path, document.positions), scope, ctx) : [];
  return finishRuntimeRead(ctx, scope.play, tasks);
}
