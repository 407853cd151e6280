/**
 * The events of a run interrupted while a task runs: one host_interrupted
 * per host, no result for the task, and one recap, last, that matches
 * the results printed before the interrupt.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalConnection } from '../../src/connection/local.js';
import type { RunEvent } from '../../src/engine/events.js';
import { PlaybookRunner } from '../../src/engine/playbook-runner.js';
import { hostVariables, loadInventory } from '../../src/inventory/index.js';
import { findModuleSpec } from '../../src/modules/registry.js';
import { loadPlaybook } from '../../src/playbook/index.js';

const SITE = `
- hosts: all
  gather_facts: false
  tasks:
    - name: quick
      command: "true"
    - name: slow
      shell: sleep 30
    - name: after
      command: "true"
`;

const INVENTORY = 'all:\n  vars: { ansible_connection: local }\n  hosts: { h1: {}, h2: {}, h3: {} }\n';

describe('interrupted run output', function () {
  this.timeout(20_000);
  const events: RunEvent[] = [];
  let status: number;
  let elapsedMs: number;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'skprun-interrupt-output-'));
    writeFileSync(join(dir, 'site.yml'), SITE);
    writeFileSync(join(dir, 'inventory.yml'), INVENTORY);
    const { playbook } = await loadPlaybook(join(dir, 'site.yml'), { moduleLookup: findModuleSpec });
    const inventory = await loadInventory([join(dir, 'inventory.yml')]);
    let started = 0;
    let interrupting: Promise<void> | undefined;
    const runner: PlaybookRunner = new PlaybookRunner({
      inventory,
      hostVariables: (name) => hostVariables(inventory, name),
      flags: { check: false, diff: false },
      // Two forks: h3 is still waiting for one when the signal comes.
      forks: 2,
      extraVars: {},
      connection: { baseDir: dir, connectTimeoutMs: 5000 },
      forceHandlers: false,
      emit: (event) => {
        events.push(event);
        if (event.kind === 'host_start' && event.task === 'slow' && ++started === 2) {
          // Give both sleeps time to start before the signal.
          setTimeout(() => (interrupting = runner.interrupt()), 300);
        }
      },
      openConnection: async (plan) => new LocalConnection(plan.kind === 'local' ? plan.hostName : plan.target.hostName),
    });
    const begin = performance.now();
    status = await runner.run([playbook]);
    elapsedMs = performance.now() - begin;
    await interrupting;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('returns 99 without waiting for the task', () => {
    expect(status).to.equal(99);
    expect(elapsedMs).to.be.below(15_000);
  });

  it('marks each host of the task interrupted once', () => {
    const interrupted = events.filter((event) => event.kind === 'host_interrupted');
    const hosts = interrupted.map((event) => (event.kind === 'host_interrupted' ? `${event.host} ${event.task}` : ''));
    expect(hosts.sort()).to.deep.equal(['h1 slow', 'h2 slow', 'h3 slow']);
  });

  it('gives the interrupted task no result', () => {
    const slow = events.filter((event) => event.kind === 'host_result' && event.task === 'slow');
    expect(slow).to.deep.equal([]);
  });

  it('runs no task after the interrupt', () => {
    const after = events.filter((event) => event.kind === 'task_start' && event.name === 'after');
    expect(after).to.deep.equal([]);
  });

  it('ends with one recap of the results shown', () => {
    const recaps = events.filter((event) => event.kind === 'recap');
    expect(recaps).to.have.length(1);
    const last = events[events.length - 1];
    expect(last.kind).to.equal('recap');
    if (last.kind !== 'recap') return;
    for (const host of ['h1', 'h2', 'h3']) {
      expect(last.stats[host], host).to.deep.equal({ ok: 1, changed: 1, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });
    }
    expect(last.durationMs).to.be.above(0);
  });
});
