/**
 * Reads a role while the playbook runs, for an include_role whose name is
 * templated: the name is known only once a host's variables render it. The
 * role gets the same checks as one read at load time.
 *
 * NOTE: the handlers of such a role are not added to the play, so its tasks
 * can notify only the handlers the play had when it loaded.
 */
import { InputErrors } from '../errors.js';
import { positionsAt } from '../yaml/positions.js';
import type { LoadContext } from './context.js';
import { FileCache, newPlayBuild } from './context.js';
import type { BlockTask, RuntimeRoleOptions } from './model.js';
import { registryLookup } from './modules.js';
import { rolesPathFromEnv } from './role-paths.js';
import { runRole } from './roles.js';
import { Problems, Site } from './site.js';
import { readTaskList } from './tasks.js';

/**
 * Finds and reads the role `name` for an include_role; raises InputErrors
 * listing every problem. The block it returns is static: its tasks run as
 * they come, since the include itself was evaluated already.
 */
export async function loadRoleAtRunTime(name: string, options: RuntimeRoleOptions, playbookDir: string): Promise<BlockTask> {
  const problems = new Problems();
  const ctx: LoadContext = {
    modules: await registryLookup(),
    problems,
    playbookDir,
    rolesPath: rolesPathFromEnv(process.env),
    files: new FileCache(problems),
    readTasks: (raw, site, scope) => readTaskList(raw, site, scope, ctx),
  };
  const position = options.namePosition;
  const request = {
    name,
    site: new Site(position.file, positionsAt(position)),
    params: options.params,
    keywords: {},
    keyword: 'include_role' as const,
    tasksFrom: options.tasksFrom,
    varsFrom: options.varsFrom,
    defaultsFrom: options.defaultsFrom,
    handlersFrom: options.handlersFrom,
    allowDuplicates: options.allowDuplicates,
    dependentDir: options.dependentDir,
  };

  const block = await runRole(request, newPlayBuild(), ctx, []);
  if (problems.errors.length > 0 || !block) throw new InputErrors(problems.sortedErrors());
  return { ...block, include: { ...block.include!, dynamic: false } };
}
