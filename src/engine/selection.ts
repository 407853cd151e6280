/** Whether a task runs under -t/--tags and --skip-tags, with the tags it inherits. */
import type { Task } from '../playbook/model.js';
import { isTemplated, renderValue } from '../template/index.js';
import { effectiveTags, type Inherited } from './inherit.js';
import type { PlayRun } from './play-run.js';
import { isSelected } from './tags.js';

/** Templated tags render with the play's variables, not a host's, as in Ansible. */
export function isTaskSelected(run: PlayRun, task: Task, inherited: Inherited): boolean {
  const tags = effectiveTags(task, inherited);
  const rendered = tags.some(isTemplated) ? renderTags(run, tags) : tags;
  return isSelected(rendered, run.options.tags);
}

function renderTags(run: PlayRun, tags: string[]): string[] {
  const { playVars, extraVars, magic } = run.options.scope;
  const vars = { ...playVars, ...extraVars, ...magic };
  return tags.flatMap((tag) => {
    const value = renderValue(tag, vars);
    return Array.isArray(value) ? value.map(String) : String(value).split(',').map((part) => part.trim());
  });
}
