import { expect } from 'chai';
import { HandlerTracker } from '../../src/engine/handlers.js';
import type { Handler } from '../../src/playbook/model.js';
import { runPlaybook, startedTasks, statuses } from './run-playbook.js';

function handler(name: string | undefined, listen: string[] = []): Handler {
  return {
    kind: 'module',
    name,
    position: { file: 'site.yml', line: 1, column: 1 },
    when: [],
    vars: {},
    tags: [],
    keywords: {},
    module: 'debug',
    moduleAlias: 'debug',
    args: {},
    notify: [],
    listen,
  };
}

describe('HandlerTracker', () => {
  it('runs notified handlers once each, in the order they are defined', async () => {
    const first = handler('first');
    const second = handler('second', ['topic']);
    const third = handler('third', ['topic']);
    const tracker = new HandlerTracker([first, second, third]);
    tracker.notify('h1', ['topic', 'first']);
    tracker.notify('h2', ['first', 'first']);
    const ran: string[] = [];
    await tracker.flush(['h1', 'h2'], () => true, async (h, hosts) => void ran.push(`${h.name}:${hosts.join(',')}`));
    expect(ran).to.deep.equal(['first:h1,h2', 'second:h1', 'third:h1']);
  });

  it('lets the last handler of a name win', async () => {
    const early = handler('same');
    const late = handler('same');
    const tracker = new HandlerTracker([early, late]);
    tracker.notify('h1', ['same']);
    const ran: Handler[] = [];
    await tracker.flush(['h1'], () => true, async (h) => void ran.push(h));
    expect(ran).to.deep.equal([late]);
  });

  it('runs a later handler notified during the flush', async () => {
    const first = handler('first');
    const second = handler('second');
    const tracker = new HandlerTracker([first, second]);
    tracker.notify('h1', ['first']);
    const ran: string[] = [];
    await tracker.flush(['h1'], () => true, async (h, hosts) => {
      ran.push(h.name!);
      if (h === first) tracker.notify(hosts[0], ['second']);
    });
    expect(ran).to.deep.equal(['first', 'second']);
  });

  it('drops the notifications of hosts that may not run handlers', async () => {
    const only = handler('only');
    const tracker = new HandlerTracker([only]);
    tracker.notify('h1', ['only']);
    let calls = 0;
    await tracker.flush(['h1'], () => false, async () => void calls++);
    await tracker.flush(['h1'], () => true, async () => void calls++);
    expect(calls).to.equal(0);
  });
});

const SECTIONS = `
- hosts: all
  gather_facts: false
  pre_tasks:
    - name: pre
      command: "true"
      notify: restart
  roles:
    - worker
  tasks:
    - name: main
      command: "true"
      notify: restart
  post_tasks:
    - name: post
      command: "true"
      notify: [restart, by topic]
  handlers:
    - name: restart
      debug: { msg: restarted }
    - name: listener
      listen: by topic
      debug: { msg: heard }
`;

describe('handlers in a run', () => {
  it('flushes after pre_tasks, after roles and tasks, and at the end', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': SECTIONS,
        'roles/worker/tasks/main.yml': '- name: role task\n  command: "true"\n  notify: role handler\n',
        'roles/worker/handlers/main.yml': '- name: role handler\n  debug: { msg: role }\n',
      },
    });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal([
      'pre', 'handler restart',
      'role task', 'main', 'handler role handler', 'handler restart',
      'post', 'handler restart', 'handler listener',
    ]);
  });

  it('runs handlers at meta: flush_handlers', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: change
      command: "true"
      notify: h
    - meta: flush_handlers
    - name: after the flush
      debug: { msg: x }
  handlers:
    - name: h
      debug: { msg: x }
`,
      },
    });
    expect(startedTasks(run)).to.deep.equal(['change', 'handler h', 'after the flush']);
  });

  const FAILING = `
- hosts: all
  gather_facts: false
  FORCE
  tasks:
    - name: change
      command: "true"
      notify: h
    - name: fail on h1
      command: "false"
      when: inventory_hostname == 'h1'
  handlers:
    - name: h
      debug: { msg: x }
`;

  it('skips handlers on a host that failed', async () => {
    const run = await runPlaybook({ hosts: ['h1', 'h2'], files: { 'site.yml': FAILING.replace('FORCE', '') } });
    expect(statuses(run, 'h')).to.deep.equal({ h2: 'ok' });
  });

  it('runs them there with force_handlers or --force-handlers', async () => {
    const byKeyword = await runPlaybook({ hosts: ['h1', 'h2'], files: { 'site.yml': FAILING.replace('FORCE', 'force_handlers: true') } });
    expect(statuses(byKeyword, 'h')).to.deep.equal({ h1: 'ok', h2: 'ok' });
    const byOption = await runPlaybook({ hosts: ['h1', 'h2'], files: { 'site.yml': FAILING.replace('FORCE', '') }, options: { forceHandlers: true } });
    expect(statuses(byOption, 'h')).to.deep.equal({ h1: 'ok', h2: 'ok' });
  });

  it('notifies only from hosts where the task changed something', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: change on h2
      command: "true"
      changed_when: inventory_hostname == 'h2'
      notify: h
  handlers:
    - name: h
      debug: { msg: x }
`,
      },
    });
    expect(statuses(run, 'h')).to.deep.equal({ h2: 'ok' });
  });
});
