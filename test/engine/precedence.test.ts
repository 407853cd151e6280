import { expect } from 'chai';
import { debugMessages, runPlaybook } from './run-playbook.js';

/**
 * Ansible's variable precedence, lowest first, each level a way to set `v`.
 * Each case defines `v` at one level and every level below it, and the
 * highest must win.
 */
const LEVELS = [
  'role defaults',
  'inventory file group vars',
  'inventory group_vars/all',
  'inventory group_vars/web',
  'inventory file host vars',
  'inventory host_vars/h1',
  'play vars',
  'vars_prompt',
  'vars_files',
  'role vars',
  'block vars',
  'task vars',
  'include_vars',
  'set_fact',
  'role params',
  'include params',
  'extra vars',
] as const;

type Level = (typeof LEVELS)[number];

function line(levels: Set<Level>, level: Level, text: string): string {
  return levels.has(level) ? text : '';
}

function files(levels: Set<Level>): Record<string, string> {
  const v = (level: Level) => `v: "${level}"`;
  return {
    'inventory.yml': `
all:
  vars:
    ansible_connection: local
    ${line(levels, 'inventory file group vars', v('inventory file group vars'))}
  children:
    web:
      hosts:
        h1:
          ${line(levels, 'inventory file host vars', v('inventory file host vars'))}
`,
    'group_vars/all.yml': `${line(levels, 'inventory group_vars/all', v('inventory group_vars/all'))}\n`,
    'group_vars/web.yml': `${line(levels, 'inventory group_vars/web', v('inventory group_vars/web'))}\n`,
    'host_vars/h1.yml': `${line(levels, 'inventory host_vars/h1', v('inventory host_vars/h1'))}\n`,
    'vf.yml': `${line(levels, 'vars_files', v('vars_files'))}\n`,
    'iv.yml': `${line(levels, 'include_vars', v('include_vars'))}\n`,
    'roles/r/defaults/main.yml': `${line(levels, 'role defaults', v('role defaults'))}\n`,
    'roles/r/vars/main.yml': `${line(levels, 'role vars', v('role vars'))}\n`,
    'roles/r/tasks/main.yml': `
- include_tasks: inner.yml
  vars:
    ${line(levels, 'include params', v('include params'))}
`,
    'roles/r/tasks/inner.yml': `
- block:
    - name: check
      debug: { msg: "{{ v }}" }
      vars:
        ${line(levels, 'task vars', v('task vars'))}
  vars:
    ${line(levels, 'block vars', v('block vars'))}
`,
    'site.yml': `
- hosts: all
  gather_facts: false
  vars_files: [vf.yml]
  vars:
    ${line(levels, 'play vars', v('play vars'))}
  ${levels.has('vars_prompt') ? 'vars_prompt: [{ name: v, prompt: "v?" }]' : ''}
  pre_tasks:
    - include_vars: iv.yml
    - set_fact: { v: "set_fact" }
      when: ${levels.has('set_fact')}
  roles:
    - role: r
      ${line(levels, 'role params', v('role params'))}
`,
  };
}

describe('variable precedence', () => {
  LEVELS.forEach((level, index) => {
    it(`lets ${level} win over the levels below`, async () => {
      const levels = new Set(LEVELS.slice(0, index + 1));
      const run = await runPlaybook({
        hosts: [],
        files: files(levels),
        options: {
          extraVars: levels.has('extra vars') ? { v: 'extra vars' } : {},
          prompt: async () => 'vars_prompt',
        },
      });
      expect(run.status, JSON.stringify(run.events.filter((e) => e.kind === 'host_result'))).to.equal(0);
      expect(debugMessages(run, 'check')).to.deep.equal({ h1: level });
    });
  });

  it('puts facts above inventory variables and below play vars', async () => {
    const playbook = (vars: string) => `
- hosts: all
  ${vars}
  tasks:
    - name: check
      debug: { msg: "{{ ansible_system }}" }
`;
    const inventory = 'all:\n  vars:\n    ansible_connection: local\n    ansible_system: inventory\n  hosts:\n    h1: {}\n';
    const factsWin = await runPlaybook({ files: { 'inventory.yml': inventory, 'site.yml': playbook('') } });
    expect(debugMessages(factsWin, 'check')).to.deep.equal({ h1: 'Linux' });
    const playWins = await runPlaybook({ files: { 'inventory.yml': inventory, 'site.yml': playbook('vars: { ansible_system: play }') } });
    expect(debugMessages(playWins, 'check')).to.deep.equal({ h1: 'play' });
  });

  it('lets a later register replace a set_fact of the same name', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  tasks:
    - set_fact: { out: fact }
    - command: echo registered
      register: out
    - name: check
      debug: { msg: "{{ out.stdout }}" }
`,
      },
    });
    expect(debugMessages(run, 'check')).to.deep.equal({ h1: 'registered' });
  });

  it('keeps set_fact values into the next play, and play vars out of it', async () => {
    const run = await runPlaybook({
      hosts: ['h1'],
      files: {
        'site.yml': `
- hosts: all
  gather_facts: false
  vars: { only_here: 1 }
  tasks:
    - set_fact: { kept: yes }
- hosts: all
  gather_facts: false
  tasks:
    - name: check
      debug: { msg: "{{ kept }} {{ only_here is defined }}" }
`,
      },
    });
    expect(debugMessages(run, 'check')).to.deep.equal({ h1: 'True False' });
  });
});
