/**
 * The load context for a task file or role read while the playbook runs,
 * and the checks that end such a read: the same template check as at load
 * time, then every problem raised as one InputErrors.
 */
import { InputErrors } from '../errors.js';
import type { LoadContext, PlayBuild } from './context.js';
import type { Handler, Task } from './model.js';
import { registryLookup } from './modules.js';
import { rolesPathFromEnv } from './role-paths.js';
import { Problems } from './site.js';
import { readTaskList } from './tasks.js';
import { checkPlaybookTemplates, RecordingFileCache } from './template-check.js';

/** The result of a read at run time: its tasks, and the handlers of the roles it read, which join the play. */
export interface RuntimeRead {
  tasks: Task[];
  handlers: Handler[];
}

/** A load context whose file cache records every file, for the template check. */
export interface RuntimeContext extends LoadContext {
  files: RecordingFileCache;
}

export async function runtimeContext(playbookDir: string): Promise<RuntimeContext> {
  const problems = new Problems();
  const ctx: RuntimeContext = {
    modules: await registryLookup(),
    problems,
    playbookDir,
    rolesPath: rolesPathFromEnv(process.env),
    files: new RecordingFileCache(problems),
    readTasks: (raw, site, scope) => readTaskList(raw, site, scope, ctx),
  };
  return ctx;
}

/**
 * Checks the templates of every file the read opened, and of the .j2 files
 * its template tasks name. Raises InputErrors listing every problem found,
 * so none of the tasks runs; otherwise returns the tasks with the handlers
 * that `play` gathered from roles.
 */
export async function finishRuntimeRead(ctx: RuntimeContext, play: PlayBuild, tasks: Task[]): Promise<RuntimeRead> {
  if (ctx.problems.errors.length === 0) {
    await checkPlaybookTemplates(ctx.files, [{ tasks, handlers: play.handlers }], ctx.playbookDir, ctx.problems);
  }
  if (ctx.problems.errors.length > 0) throw new InputErrors(ctx.problems.sortedErrors());
  return { tasks, handlers: play.handlers };
}
