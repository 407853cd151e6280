import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { debugMessages, hostResults, results, runPlaybook, statuses } from './run-playbook.js';

function play(tasks: string): Record<string, string> {
  return { 'site.yml': `- hosts: h1\n  gather_facts: false\n  tasks:\n${tasks}` };
}

describe('failed_when results', () => {
  it('fails only when every listed condition holds', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: play(`
    - name: one false
      command: echo listed
      failed_when: [true, false]
    - name: all true
      command: echo listed
      failed_when: [true, "1 == 1"]
      ignore_errors: true
`),
    });
    expect(statuses(run, 'one false').h1).to.equal('changed');
    expect(results(run, 'one false').h1.failed_when_result).to.equal(false);
    expect(statuses(run, 'all true').h1).to.equal('ignored');
    expect(results(run, 'all true').h1.failed_when_result).to.equal(true);
  });

  it('registers the module msg, shows the reason', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: play(`
    - name: forced
      command: echo forced
      failed_when: forced_result.rc == 0
      register: forced_result
      ignore_errors: true
    - name: registered msg
      debug:
        msg: "[{{ forced_result.msg }}] {{ forced_result.failed }}"
`),
    });
    const [forced] = hostResults(run, 'forced');
    expect(forced.msg).to.equal('failed_when condition met');
    expect(forced.result.msg).to.equal('');
    expect(debugMessages(run, 'registered msg').h1).to.equal('[] True');
  });
});

describe('loop results', () => {
  it('lets set_fact items read earlier items', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: play(`
    - name: accumulate
      set_fact:
        accumulated: "{{ accumulated | default([]) + [item] }}"
      loop: [1, 2, 3]
    - name: show
      debug:
        msg: "{{ accumulated | join(',') }}"
`),
    });
    expect(debugMessages(run, 'show').h1).to.equal('1,2,3');
  });

  it("sets Ansible's keys per loop shape", async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: play(`
    - name: some skipped
      debug:
        msg: "{{ item }}"
      loop: [1, 2]
      when: item > 1
    - name: all skipped
      debug:
        msg: "{{ item }}"
      loop: [1, 2]
      when: item > 5
    - name: no items
      debug:
        msg: never
      loop: []
`),
    });
    const some = results(run, 'some skipped').h1;
    expect(some.skipped).to.equal(false);
    expect(some.msg).to.equal('All items completed');

    const all = results(run, 'all skipped').h1;
    expect(all.skipped).to.equal(true);
    expect(all.msg).to.equal('All items skipped');
    expect(all).to.not.have.property('skip_reason');

    const none = results(run, 'no items').h1;
    expect(none).to.deep.equal({ changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] });
    expect(hostResults(run, 'no items')[0].msg).to.equal('No items in the list');
  });
});

describe('displayReason', () => {
  it('shows lineinfile no-change reason only on the line', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        ...play(`
    - name: again
      lineinfile:
        path: "{{ playbook_dir }}/settings.conf"
        line: port=80
      register: again_result
    - name: registered
      debug:
        msg: "[{{ again_result.msg }}] {{ again_result.displayReason is defined }}"
`),
        'settings.conf': 'port=80\n',
      },
    });
    const [again] = hostResults(run, 'again');
    expect(again.status).to.equal('ok');
    expect(again.msg).to.match(/settings\.conf: the line is already present at line 1$/);
    expect(again.result.msg).to.equal('');
    expect(again.result).to.not.have.property('displayReason');
    expect(debugMessages(run, 'registered').h1).to.equal('[] False');
    expect(readFileSync(join(run.dir, 'settings.conf'), 'utf8')).to.equal('port=80\n');
  });

  it('shows blockinfile no-change reason only on the line', async () => {
    const block = '# BEGIN ANSIBLE MANAGED BLOCK\nport=80\n# END ANSIBLE MANAGED BLOCK\n';
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        ...play(`
    - name: again
      blockinfile:
        path: "{{ playbook_dir }}/settings.conf"
        block: port=80
`),
        'settings.conf': block,
      },
    });
    const [again] = hostResults(run, 'again');
    expect(again.status).to.equal('ok');
    expect(again.msg).to.match(/settings\.conf already contains the block between its markers$/);
    expect(again.result.msg).to.equal('');
    expect(again.result).to.not.have.property('displayReason');
  });
});

describe('until retries', () => {
  it('reports each retry with the retries left', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: play(`
    - name: poll
      command: echo tick
      register: polled
      until: polled.attempts is defined and polled.attempts >= 3
      retries: 4
      delay: 0
`),
    });
    const retries = run.events.filter((event) => event.kind === 'retry');
    expect(retries.map((event) => event.kind === 'retry' && [event.host, event.task, event.attempt, event.retriesLeft])).to.deep.equal([
      ['h1', 'poll', 1, 4],
      ['h1', 'poll', 2, 3],
    ]);
    expect(results(run, 'poll').h1.attempts).to.equal(3);
  });
});
