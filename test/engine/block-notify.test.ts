/**
 * notify on a block, checked against ansible-playbook 2.14 on lab hosts:
 * the block's tasks inherit it, and the innermost notify (a task's own or
 * a nested block's) replaces the outer one.
 */
import { expect } from 'chai';
import { runPlaybook, startedTasks } from './run-playbook.js';

const HANDLERS = `
  handlers:
    - name: h1
      debug: { msg: h1 ran }
    - name: h2
      debug: { msg: h2 ran }
    - name: h3
      debug: { msg: h3 ran }
`;

const INHERITED = `
- hosts: all
  gather_facts: false
  tasks:
    - name: the block
      notify: h1
      block:
        - name: changed one
          command: "true"
        - name: unchanged one
          debug: { msg: x }
${HANDLERS}`;

const NESTED = `
- hosts: all
  gather_facts: false
  tasks:
    - name: outer
      notify: h1
      block:
        - name: own notify
          command: "true"
          notify: h2
        - name: inner block
          notify: h3
          block:
            - name: unchanged
              debug: { msg: x }
          always:
            - name: changed in always
              command: "true"
${HANDLERS}`;

function handlersRun(tasks: string[]): string[] {
  return tasks.filter((name) => name.startsWith('handler '));
}

describe('notify on a block', () => {
  it('notifies from a changed task inside', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: { 'site.yml': INHERITED } });
    expect(run.status).to.equal(0);
    expect(handlersRun(startedTasks(run))).to.deep.equal(['handler h1']);
  });

  it('yields to the innermost notify', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: { 'site.yml': NESTED } });
    expect(run.status).to.equal(0);
    expect(handlersRun(startedTasks(run))).to.deep.equal(['handler h2', 'handler h3']);
  });
});
