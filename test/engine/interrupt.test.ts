/**
 * PlaybookRunner.interrupt(): the run ends with status 99 and no host that
 * had no connection yet gets one.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
  serial: 1
  tasks:
    - name: first
      command: "true"
    - name: second
      command: "true"
`;

const INVENTORY = 'all:\n  vars: { ansible_connection: local }\n  hosts: { h1: {}, h2: {} }\n';

describe('PlaybookRunner.interrupt', () => {
  it('opens no connection after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skprun-interrupt-test-'));
    writeFileSync(join(dir, 'site.yml'), SITE);
    writeFileSync(join(dir, 'inventory.yml'), INVENTORY);
    const { playbook } = await loadPlaybook(join(dir, 'site.yml'), { moduleLookup: findModuleSpec });
    const inventory = await loadInventory([join(dir, 'inventory.yml')]);

    const opened: string[] = [];
    const events: RunEvent[] = [];
    let interrupting: Promise<void> | undefined;
    const runner: PlaybookRunner = new PlaybookRunner({
      inventory,
      hostVariables: (name) => hostVariables(inventory, name),
      flags: { check: false, diff: false },
      forks: 5,
      extraVars: {},
      connection: { baseDir: dir, connectTimeoutMs: 5000 },
      forceHandlers: false,
      emit: (event) => {
        events.push(event);
        // Ctrl-C as soon as h1, in the first serial batch, has a result.
        if (event.kind === 'host_result' && event.host === 'h1') interrupting ??= runner.interrupt();
      },
      openConnection: async (plan) => {
        const host = plan.kind === 'local' ? plan.hostName : plan.target.hostName;
        opened.push(host);
        return new LocalConnection(host);
      },
    });

    const status = await runner.run([playbook]);
    await interrupting;
    expect(status).to.equal(99);
    expect(opened).to.deep.equal(['h1']);
    const h2Results = events.filter((event) => event.kind === 'host_result' && event.host === 'h2' && event.status === 'ok');
    expect(h2Results).to.deep.equal([]);
  });
});
