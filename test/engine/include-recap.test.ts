/**
 * Recap counts of include_tasks and include_role, as ansible-core 2.14
 * counts them (test/conformance/playbooks/include-counts.yml compares them
 * with ansible-playbook on lab hosts).
 */
import { expect } from 'chai';
import { runPlaybook } from './run-playbook.js';

const files = {
  'roles/r1/tasks/main.yml': '- name: r1 task\n  debug: { msg: r1 }\n',
  'each.yml': '- name: each\n  debug: { msg: "{{ item }}" }\n',
};

function site(task: string): string {
  return `- hosts: all\n  gather_facts: false\n  tasks:\n${task}`;
}

// prettier-ignore
const cases: { title: string; task: string; ok: number; skipped: number }[] = [
  { title: 'include_role counts not at all', task: '    - include_role: { name: r1 }\n', ok: 1, skipped: 0 },
  { title: 'looped include_role counts not at all', task: '    - include_role: { name: r1 }\n      loop: [a, b]\n', ok: 2, skipped: 0 },
  { title: 'templated include_role sees its vars', task: '    - include_role: { name: "{{ x }}" }\n      vars: { x: r1 }\n', ok: 1, skipped: 0 },
  { title: 'skipped include_role counts as skipped', task: '    - include_role: { name: r1 }\n      when: false\n', ok: 0, skipped: 1 },
  { title: 'include_tasks counts once per item', task: '    - include_tasks: each.yml\n      loop: [a, b]\n', ok: 4, skipped: 0 },
  { title: 'skipped loop items do not count', task: '    - include_tasks: each.yml\n      loop: [a, b, c]\n      when: item != "b"\n', ok: 4, skipped: 0 },
  { title: 'fully skipped loop counts once', task: '    - include_tasks: each.yml\n      loop: [a, b]\n      when: false\n', ok: 0, skipped: 1 },
  { title: 'empty loop counts as skipped', task: '    - include_tasks: each.yml\n      loop: []\n', ok: 0, skipped: 1 },
];

describe('recap of includes', () => {
  for (const { title, task, ok, skipped } of cases) {
    it(title, async () => {
      const run = await runPlaybook({ hosts: ['h1'], files: { ...files, 'site.yml': site(task) } });
      expect(run.status).to.equal(0);
      expect(run.recap.h1.ok, 'ok').to.equal(ok);
      expect(run.recap.h1.skipped, 'skipped').to.equal(skipped);
    });
  }
});
