import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import { createJsonRenderer } from '../../src/output/json.js';
import { runPlaybook } from '../engine/run-playbook.js';
import { eventValidator } from './json-schema.js';

const EVERY_EVENT = `
- hosts: nobody
  tasks: []
- hosts: all
  gather_facts: false
  tasks:
    - name: loop
      command: echo {{ item }}
      loop: [a, b]
      notify: h
    - name: secret
      command: echo s3cr3t
      no_log: true
    - name: fails
      command: "false"
      ignore_errors: true
  handlers:
    - name: h
      debug: { msg: handled }
`;

describe('JSON output', () => {
  it('writes lines that the schema accepts, from which the run reads back', async () => {
    const run = await runPlaybook({ hosts: ['h1', 'h2'], files: { 'site.yml': EVERY_EVENT }, options: { verbosity: 3 } });
    let output = '';
    const render = createJsonRenderer((text) => (output += text));
    for (const event of run.events) render(event);

    const validate = eventValidator();
    const lines = output.trimEnd().split('\n').map((text) => JSON.parse(text) as RunEvent & { time: string });
    for (const line of lines) expect(validate(line), JSON.stringify(line)).to.deep.equal([]);
    const kinds = new Set(lines.map((line) => line.kind));
    for (const kind of ['playbook_start', 'play_start', 'no_hosts', 'task_start', 'item_result', 'host_result', 'command', 'connection', 'warning', 'recap']) {
      expect(kinds, kind).to.include(kind);
    }

    // The recap follows from the host results, as Ansible counts them.
    const counted: Record<string, Record<string, number>> = {};
    for (const line of lines) {
      if (line.kind !== 'host_result') continue;
      const stats = (counted[line.host] ??= { ok: 0, changed: 0, ignored: 0 });
      if (line.status !== 'skipped') stats.ok++;
      // An ignored failure still counts as changed when its result changed, as in Ansible's recap.
      if (line.status === 'changed' || (line.status === 'ignored' && line.result.changed === true)) stats.changed++;
      if (line.status === 'ignored') stats.ignored++;
    }
    const recap = lines.find((line) => line.kind === 'recap');
    for (const host of ['h1', 'h2']) {
      expect(recap?.kind === 'recap' && recap.stats[host], host).to.include(counted[host]);
    }
    const handler = lines.find((line) => line.kind === 'task_start' && line.isHandler);
    expect(handler?.kind === 'task_start' && handler.hosts).to.deep.equal(['h1', 'h2']);
    expect(output).to.not.include("s3cr3t");
  });

  it('rejects a line that breaks the schema', () => {
    const validate = eventValidator();
    expect(validate({ kind: 'host_result', time: '2024-01-01T00:00:00Z', host: 'h1' })).to.not.deep.equal([]);
    expect(validate({ kind: 'nonsense', time: '2024-01-01T00:00:00Z' })).to.not.deep.equal([]);
  });
});
