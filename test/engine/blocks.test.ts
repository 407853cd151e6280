import { expect } from 'chai';
import { debugMessages, runPlaybook, startedTasks, statuses } from './run-playbook.js';

describe('block, rescue and always', () => {
  it('gives rescue the failed task and result, and counts the host rescued', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - block:
        - name: fail on h1
          command: sh -c "echo broken >&2; exit 3"
          when: inventory_hostname == 'h1'
        - name: after the failure
          debug: { msg: x }
      rescue:
        - name: see the failure
          debug:
            msg: "{{ ansible_failed_task.name }} rc={{ ansible_failed_result.rc }} {{ ansible_failed_result.stderr }}"
      always:
        - name: always runs
          debug: { msg: x }
    - name: next task
      debug: { msg: x }
`,
      },
    });
    expect(run.status).to.equal(0);
    expect(statuses(run, 'after the failure')).to.deep.equal({ h2: 'ok' });
    expect(debugMessages(run, 'see the failure')).to.deep.equal({ h1: 'fail on h1 rc=3 broken' });
    expect(statuses(run, 'always runs')).to.deep.equal({ h1: 'ok', h2: 'ok' });
    expect(statuses(run, 'next task')).to.deep.equal({ h1: 'ok', h2: 'ok' });
    expect(run.recap.h1).to.include({ failed: 0, rescued: 1 });
  });

  it('keeps a host failed when its rescue fails, after always', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - block:
        - command: "false"
          name: first failure
      rescue:
        - command: "false"
          name: rescue fails
      always:
        - name: always runs
          debug: { msg: x }
    - name: never reached
      debug: { msg: x }
`,
      },
    });
    expect(run.status).to.equal(2);
    expect(statuses(run, 'always runs')).to.deep.equal({ h1: 'ok' });
    expect(statuses(run, 'never reached')).to.deep.equal({});
    expect(run.recap.h1).to.include({ rescued: 1, failed: 1 });
  });

  it('sends a failure in an inner block to the outer rescue', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - block:
        - block:
            - name: inner failure
              command: "false"
          always:
            - name: inner always
              debug: { msg: x }
      rescue:
        - name: outer rescue
          debug: { msg: "{{ ansible_failed_task.name }}" }
`,
      },
    });
    expect(run.status).to.equal(0);
    expect(startedTasks(run)).to.deep.equal(['inner failure', 'inner always', 'outer rescue']);
    expect(debugMessages(run, 'outer rescue')).to.deep.equal({ h1: 'inner failure' });
  });

  it('passes block vars and when down to its tasks', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - block:
        - name: in the block
          debug: { msg: "{{ colour }}" }
      vars: { colour: blue }
      when: inventory_hostname == 'h2'
`,
      },
    });
    expect(statuses(run, 'in the block')).to.deep.equal({ h1: 'skipped', h2: 'ok' });
    expect(debugMessages(run, 'in the block').h2).to.equal('blue');
  });
});

describe('failures', () => {
  it('counts an ignored failure as ok and ignored, and goes on', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: fails but ignored
      command: "false"
      ignore_errors: true
      register: out
    - name: reads the failure
      debug: { msg: "{{ out.failed }} {{ out.rc }}" }
`,
      },
    });
    expect(run.status).to.equal(0);
    expect(statuses(run, 'fails but ignored')).to.deep.equal({ h1: 'ignored' });
    expect(debugMessages(run, 'reads the failure')).to.deep.equal({ h1: 'True 1' });
    expect(run.recap.h1).to.include({ ok: 2, ignored: 1, failed: 0 });
  });

  it('judges changed_when and failed_when on the registered result', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: never changed
      command: echo hello
      register: out
      changed_when: false
    - name: failed by output
      command: echo ERROR here
      register: out2
      failed_when: "'ERROR' in out2.stdout"
      ignore_errors: true
    - name: not failed by exit status
      command: sh -c "exit 2"
      register: out3
      failed_when: out3.rc not in [0, 2]
      changed_when: out3.rc == 2
`,
      },
    });
    expect(statuses(run, 'never changed')).to.deep.equal({ h1: 'ok' });
    expect(statuses(run, 'failed by output')).to.deep.equal({ h1: 'ignored' });
    expect(statuses(run, 'not failed by exit status')).to.deep.equal({ h1: 'changed' });
  });

  it('stops every host with any_errors_fatal and skips the next plays', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: fails on h1
      command: "false"
      when: inventory_hostname == 'h1'
    - name: not reached
      debug: { msg: x }
- hosts: all
  gather_facts: false
  tasks:
    - name: next play
      debug: { msg: x }
`,
      },
    });
    expect(run.status).to.equal(2);
    expect(startedTasks(run)).to.deep.equal(['fails on h1']);
  });

  it('stops the play once max_fail_percentage is passed', async () => {
    const run = await runPlaybook({
      hosts: ['h1', 'h2', 'h3', 'h4'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  max_fail_percentage: 25
  tasks:
    - name: fails on one host
      command: "false"
      when: inventory_hostname == 'h1'
    - name: fails on another
      command: "false"
      when: inventory_hostname == 'h2'
    - name: not reached
      debug: { msg: x }
`,
      },
    });
    expect(run.status).to.equal(2);
    // 1 of 4 failed is 25 %, not more than 25: the play goes on; 2 of 4 stops it.
    expect(startedTasks(run)).to.deep.equal(['fails on one host', 'fails on another']);
  });

  it('retries until the condition holds', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - name: count to three
      shell: n=$(cat {{ counter }} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {{ counter }}; echo $n
      register: out
      until: out.stdout == '3'
      retries: 5
      delay: 0
      vars: { counter: "{{ playbook_dir }}/counter" }
    - name: gives up
      command: "false"
      register: never
      until: never.rc == 0
      retries: 1
      delay: 0
      ignore_errors: true
`,
      },
    });
    expect(statuses(run, 'count to three')).to.deep.equal({ h1: 'changed' });
    const result = run.events.find((event) => event.kind === 'host_result' && event.task === 'count to three');
    expect(result?.kind === 'host_result' && result.result.attempts).to.equal(3);
    const gaveUp = run.events.find((event) => event.kind === 'host_result' && event.task === 'gives up');
    expect(gaveUp?.kind === 'host_result' && gaveUp.result.attempts).to.equal(2);
    expect(statuses(run, 'gives up')).to.deep.equal({ h1: 'ignored' });
  });

  it('fails a task that runs past its timeout', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: { 'site.yml': '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: slow\n      command: sleep 3\n      timeout: 1\n' },
    });
    expect(statuses(run, 'slow')).to.deep.equal({ h1: 'failed' });
    const result = run.events.find((event) => event.kind === 'host_result' && event.task === 'slow');
    expect(result?.kind === 'host_result' && result.msg).to.equal('The command action failed to execute in the expected time frame (1) and was terminated');
  });
});

describe('broken keywords', () => {
  const playbook = (task: string) => ({ 'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n${task}` });

  it('fails the hosts of a task whose run_once is broken', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: playbook('    - name: broken\n      debug: { msg: x }\n      run_once: "{{ nope.attr }}"\n') });
    expect(run.status).to.equal(2);
    expect(statuses(run, 'broken')).to.deep.equal({ h1: 'failed' });
  });

  it('fails the hosts of a meta task whose when is broken', async () => {
    const run = await runPlaybook({ hosts: ['h1'], files: playbook('    - meta: end_play\n      when: nope.attr\n') });
    expect(run.status).to.equal(2);
    expect(statuses(run, 'meta')).to.deep.equal({ h1: 'failed' });
  });
});
