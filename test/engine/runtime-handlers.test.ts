/**
 * Handlers that a read at run time returns (the handlers of a role that an
 * include reads while the play runs) join the play's handlers.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { RuntimeTaskLoader } from '../../src/engine/runtime-include.js';
import { loadPlaybook, loadTasksAtRunTime } from '../../src/playbook/index.js';
import type { Handler } from '../../src/playbook/model.js';
import { HandlerTracker } from '../../src/engine/handlers.js';
import { runPlaybook, startedTasks } from './run-playbook.js';

const SITE = `
- hosts: all
  gather_facts: false
  tasks:
    - include_tasks: "{{ 'greet' }}.yml"
    - name: after the include
      debug: { msg: still here }
`;

const SITE_WITH_FLUSH = `
- hosts: all
  gather_facts: false
  tasks:
    - include_tasks: "{{ 'greet' }}.yml"
    - meta: flush_handlers
    - name: after the flush
      debug: { msg: still here }
`;

const GREET = `
- name: greet
  command: "true"
  notify: "greeter : say hello"
`;

/** A play whose handlers stand for those of role greeter, read by the loader like any play's. */
const HANDLER_SOURCE = `
- hosts: all
  roles: [greeter]
`;

const ROLE_HANDLERS = '- name: say hello\n  debug: { msg: hello }\n';

async function roleHandlers(dir: string): Promise<Handler[]> {
  const { playbook } = await loadPlaybook(join(dir, 'handlers-source.yml'));
  return playbook.plays[0].handlers;
}

/** Reads the task file and returns the greeter role's handlers with it, as a role read at run time brings its own. */
const loadTasks: RuntimeTaskLoader = async (path, role, playbookDir) => ({
  tasks: (await loadTasksAtRunTime(path, { playbookDir, role })).tasks,
  handlers: await roleHandlers(playbookDir),
});

describe('handlers added at run time', () => {
  const files = {
    'greet.yml': GREET,
    'handlers-source.yml': HANDLER_SOURCE,
    'roles/greeter/tasks/main.yml': '[]\n',
    'roles/greeter/handlers/main.yml': ROLE_HANDLERS,
  };

  it('run at the end of the play', async () => {
    const run = await runPlaybook({ hosts: ['h1', 'h2'], files: { ...files, 'site.yml': SITE }, options: { loadTasks } });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal(['include_tasks', 'greet', 'after the include', 'handler say hello']);
    expect(run.recap.h1).to.include({ changed: 1 });
  });

  it('run at flush_handlers', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: { ...files, 'site.yml': SITE_WITH_FLUSH }, options: { loadTasks } });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal(['include_tasks', 'greet', 'handler say hello', 'after the flush']);
  });
});

describe('HandlerTracker.add', () => {
  function handler(name: string, line: number): Handler {
    return {
      kind: 'module', name, position: { file: 'roles/r/handlers/main.yml', line, column: 3 }, when: [], vars: {}, tags: [],
      keywords: {}, module: 'debug', moduleAlias: 'debug', args: {}, notify: [], listen: [],
      role: { name: 'r', path: 'roles/r' } as Handler['role'],
    };
  }

  it('adds a handler from one place once', async () => {
    const tracker = new HandlerTracker([]);
    tracker.add([handler('restart', 1)]);
    tracker.add([handler('restart', 1)]);
    tracker.notify('h1', ['r : restart']);
    const ran: string[] = [];
    await tracker.flush(['h1'], () => true, async (h, hosts) => void ran.push(`${h.name}:${hosts.join(',')}`));
    expect(ran).to.deep.equal(['restart:h1']);
  });

  it('resolves notifications made before the handler was added', async () => {
    const tracker = new HandlerTracker([]);
    tracker.notify('h1', ['restart']);
    tracker.add([handler('restart', 5)]);
    expect(tracker.knows('restart')).to.equal(true);
    const ran: string[] = [];
    await tracker.flush(['h1'], () => true, async (h) => void ran.push(h.name!));
    expect(ran).to.deep.equal(['restart']);
  });
});
