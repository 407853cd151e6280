/**
 * Reads a role while the playbook runs, for an include_role whose name is
 * templated: the name is known only once a host's variables render it. The
 * role gets the same checks as one read at load time, template check
 * included, and its handlers (with those of its dependencies) join the play.
 */
import { InputErrors } from '../errors.js';
import { positionsAt } from '../yaml/positions.js';
import { newPlayBuild } from './context.js';
import type { RuntimeRoleOptions } from './model.js';
import { runRole } from './roles.js';
import { finishRuntimeRead, runtimeContext, type RuntimeRead } from './runtime-load.js';
import { Site } from './site.js';

/**
 * Finds and reads the role `name` for an include_role; raises InputErrors
 * listing every problem. The one task it returns is a static block: its
 * tasks run as they come, since the include itself was evaluated already.
 */
export async function loadRoleAtRunTime(name: string, options: RuntimeRoleOptions, playbookDir: string): Promise<RuntimeRead> {
  const ctx = await runtimeContext(playbookDir);
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

  const play = newPlayBuild();
  const block = await runRole(request, play, ctx, []);
  if (!block) throw new InputErrors(ctx.problems.sortedErrors());
  return finishRuntimeRead(ctx, play, [{ ...block, include: { ...block.include!, dynamic: false } }]);
}
