/** Helpers for the playbook loader tests. */
import { InputErrors } from '../../src/errors.js';
import type { LoadedPlaybook, LoadPlaybookOptions } from '../../src/playbook/load-playbook.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import type { BlockTask, ModuleTask, Task } from '../../src/playbook/model.js';
import { withTestModules } from './test-modules.js';

export const PLAYBOOKS = 'test/fixtures/playbooks';

export function load(path: string, options: LoadPlaybookOptions = withTestModules): Promise<LoadedPlaybook> {
  return loadPlaybook(`${PLAYBOOKS}/${path}`, options);
}

/** Returns the messages of the InputErrors that loading `path` raises. */
export async function loadErrors(path: string, options: LoadPlaybookOptions = withTestModules): Promise<string[]> {
  try {
    await load(path, options);
  } catch (error) {
    if (error instanceof InputErrors) return error.errors.map((e) => e.message);
    throw error;
  }
  throw new Error(`${path} loaded without errors`);
}

/** The tasks a file wrote, without the implicit handler flushes. */
export function written(tasks: Task[]): Task[] {
  return tasks.filter((task) => !task.implicit);
}

export function asModule(task: Task | undefined): ModuleTask {
  if (task?.kind !== 'module') throw new Error(`expected a module task, got ${task?.kind}`);
  return task;
}

export function asBlock(task: Task | undefined): BlockTask {
  if (task?.kind !== 'block') throw new Error(`expected a block, got ${task?.kind}`);
  return task;
}
