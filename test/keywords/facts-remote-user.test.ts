import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import type { SkprunRun } from '../support/run-skprun.js';
import { hostResults } from '../support/events.js';
import { rolesLabUp } from './roles-lab.js';
import { runPlaybook, usersLabDown, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

const playbook = `- hosts: all
  remote_user: "{{ login_user }}"
  vars:
    login_user: alice
  tasks:
    - name: task user
      command: id -un
`;

type ConnectionEvent = Extract<RunEvent, { kind: 'connection' }>;

function factUsers(run: SkprunRun): Record<string, unknown> {
  const gathered = hostResults(run, 'Gathering Facts');
  return Object.fromEntries(gathered.map((event) => [event.host, (event.result.ansible_facts as Record<string, unknown>)?.ansible_user_id]));
}

function output(run: SkprunRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

describe('fact gathering remote_user @lab', function () {
  this.timeout(120_000);
  let lab: UsersLab;
  let file: string;

  before(async () => {
    lab = await rolesLabUp('facts');
    file = writeFiles(lab, { 'facts-user.yml': playbook });
  });

  after(() => usersLabDown(lab));

  it('gathers facts as the play remote_user', async () => {
    const run = await runPlaybook(writeInventory(lab, 'plain.yml'), file, '-vvv');
    expect(run.status, output(run)).to.equal(0);
    expect(factUsers(run)).to.deep.equal({ c01: 'alice', c02: 'alice' });
    const opened = run.events.filter((event): event is ConnectionEvent => event.kind === 'connection');
    const logins = opened.map((event) => `${event.host} ${/^ssh (\w+)@/.exec(event.detail)?.[1]}`).sort();
    expect(logins).to.deep.equal(['c01 alice', 'c02 alice']);
  });

  it('lets ansible_user win over the play remote_user', async () => {
    const inventory = writeInventory(lab, 'c02-user.yml', {}, { c02: { ansible_user: 'bob' } });
    const run = await runPlaybook(inventory, file);
    expect(run.status, output(run)).to.equal(0);
    expect(factUsers(run)).to.deep.equal({ c01: 'alice', c02: 'bob' });
  });
});
