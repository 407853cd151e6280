import { expect } from 'chai';
import type { SkprunRun } from '../support/run-skprun.js';
import { hostResults, startedTasks } from '../support/events.js';
import { rolesLabUp } from './roles-lab.js';
import { runPlaybook, usersLabDown, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

const playbook = `- hosts: all
  gather_facts: false
  vars:
    service: web
  tasks:
    - name: change something
      command: echo changed
      notify:
        - restart {{ service }}
        - reload {{ extra_service }}
  handlers:
    - name: restart {{ service }}
      command: echo restarted {{ service }}
    - name: reload {{ extra_service }}
      command: echo reloaded {{ extra_service }}
    - name: flush {{ inventory_only }}
      command: echo flushed
      listen: clear caches
`;

function stdoutByHost(run: SkprunRun, task: string): Record<string, string> {
  return Object.fromEntries(hostResults(run, task).map((event) => [event.host, String(event.result.stdout)]));
}

function output(run: SkprunRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

describe('templated handler names @lab', function () {
  this.timeout(120_000);
  let lab: UsersLab;
  let file: string;
  let inventory: string;

  before(async () => {
    lab = await rolesLabUp('handlers');
    file = writeFiles(lab, { 'handler-names.yml': playbook });
    inventory = writeInventory(lab, 'inventory.yml', { ansible_user: 'root', inventory_only: 'caches' });
  });

  after(() => usersLabDown(lab));

  describe('with play vars and extra vars', () => {
    let run: SkprunRun;
    before(async () => {
      run = await runPlaybook(inventory, file, '-e', 'extra_service=db');
    });

    it('runs handlers notified by rendered name', () => {
      expect(run.status, output(run)).to.equal(0);
      expect(stdoutByHost(run, 'restart web')).to.deep.equal({ c01: 'restarted web', c02: 'restarted web' });
      expect(stdoutByHost(run, 'reload db')).to.deep.equal({ c01: 'reloaded db', c02: 'reloaded db' });
    });

    it('leaves a name from inventory vars unusable', () => {
      expect(startedTasks(run)).to.not.include('handler flush {{ inventory_only }}');
      expect(startedTasks(run)).to.not.include('handler flush caches');
      expect(run.stderr).to.match(/handler-names\.yml:16:7: handler name "flush \{\{ inventory_only \}\}" uses the variable "inventory_only"/);
      expect(run.stderr).to.include('only its listen topics notify it');
    });
  });

  it('still notifies an unusable name through listen', async () => {
    const listening = writeFiles(lab, { 'listen.yml': playbook.replace('        - reload {{ extra_service }}\n', '        - reload {{ extra_service }}\n        - clear caches\n') });
    const run = await runPlaybook(inventory, listening, '-e', 'extra_service=db');
    expect(run.status, output(run)).to.equal(0);
    const flushed = hostResults(run).filter((event) => event.result.stdout === 'flushed');
    expect(flushed.map((event) => event.host).sort()).to.deep.equal(['c01', 'c02']);
  });

  it('renders names with extra vars over play vars', async () => {
    const run = await runPlaybook(inventory, file, '-e', 'extra_service=db', '-e', 'service=api');
    expect(run.status, output(run)).to.equal(0);
    expect(stdoutByHost(run, 'restart api')).to.deep.equal({ c01: 'restarted api', c02: 'restarted api' });
  });
});
