/**
 * Checks that each fixed name a task notifies belongs to a handler of the
 * play, so a misspelt handler is caught before any host is contacted rather
 * than when the task first changes something. Templated names are left for
 * run time.
 */
import type { PlayBuild } from './context.js';
import { didYouMean } from './did-you-mean.js';
import type { Handler } from './model.js';
import type { Problems } from './site.js';
import { isTemplated } from './templated.js';

/** Every name that notifies a handler: its name, its listen topics, and `role : name`. */
export function handlerNames(handlers: Handler[]): Set<string> {
  const names = new Set<string>();
  for (const handler of handlers) {
    for (const topic of handler.listen) names.add(topic);
    if (handler.name === undefined) continue;
    names.add(handler.name);
    if (handler.role) names.add(`${handler.role.name} : ${handler.name}`);
  }
  return names;
}

export function checkNotifyNames(play: PlayBuild, handlers: Handler[], problems: Problems): void {
  const names = handlerNames(handlers);
  for (const { names: notified, site } of play.notifying) {
    notified.forEach((name, index) => {
      if (isTemplated(name) || names.has(name)) return;
      const at = site.positions.has([...site.path, index]) ? site.child(index) : site;
      problems.add(at.error(`no handler is named or listens to "${name}"${didYouMean(name, names)}`));
    });
  }
}
