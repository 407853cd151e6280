/**
 * The template files (.j2) that the playbook's `template` tasks will read,
 * found at load time where `src` is a fixed name, in the folders the
 * template module searches at run time.
 */
import { isAbsolute, join } from 'node:path';
import { firstFile } from './context.js';
import type { Play, RoleContext, Task } from './model.js';
import { isTemplated } from './templated.js';

/**
 * Returns the paths the template module tries for `src`, in its order: the
 * role's templates/ folder and the role's folder, then the same two under
 * the playbook's folder.
 */
export function templateSourceCandidates(src: string, rolePath: string | undefined, playbookDir: string): string[] {
  if (isAbsolute(src)) return [src];
  const folders = rolePath === undefined ? [playbookDir] : [rolePath, playbookDir];
  return folders.flatMap((folder) => [join(folder, 'templates', src), join(folder, src)]);
}

/** Finds every template file that a task with a fixed `src` reads, each once. */
export async function findTemplateSources(plays: Pick<Play, 'tasks' | 'handlers'>[], playbookDir: string): Promise<string[]> {
  const requests = new Map<string, string[]>();
  for (const play of plays) {
    for (const task of [...play.tasks, ...play.handlers]) collectRequests(task, undefined, playbookDir, requests);
  }

  const found = new Set<string>();
  for (const candidates of requests.values()) {
    const path = await firstFile(candidates);
    if (path) found.add(path);
  }
  return [...found];
}

function collectRequests(task: Task, role: RoleContext | undefined, playbookDir: string, requests: Map<string, string[]>): void {
  const taskRole = task.role ?? role;
  if (task.kind === 'block') {
    for (const inner of [...task.block, ...task.rescue, ...task.always]) collectRequests(inner, taskRole, playbookDir, requests);
    return;
  }

  const src = task.args.src;
  if (task.module !== 'template' || typeof src !== 'string' || src === '' || isTemplated(src)) return;
  const candidates = templateSourceCandidates(src, taskRole?.path, playbookDir);
  requests.set(candidates.join('\n'), candidates);
}
