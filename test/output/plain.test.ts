import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import { diffText } from '../../src/output/diff-text.js';
import { createPlainRenderer } from '../../src/output/plain.js';

function render(events: RunEvent[], verbosity = 0): string[] {
  let text = '';
  const handle = createPlainRenderer({ write: (chunk) => (text += chunk), colour: false, verbosity });
  for (const event of events) handle(event);
  return text.split('\n');
}

const PLAY: RunEvent = { kind: 'play_start', name: 'web', hosts: ['c01', 'c002'], strategy: 'linear' };

describe('plain output', () => {
  it('prints headers, a padded host column and the reason', () => {
    const lines = render([
      PLAY,
      { kind: 'task_start', id: 1, name: 'Copy', module: 'copy', hosts: ['c01'], isHandler: false, role: 'web' },
      { kind: 'host_result', host: 'c01', task: 'Copy', taskId: 1, status: 'ok', msg: 'file is the same', durationMs: 1234, result: {} },
      { kind: 'task_start', id: 2, name: 'restart', module: 'command', hosts: ['c01'], isHandler: true },
      { kind: 'host_result', host: 'c01', task: 'restart', taskId: 2, status: 'changed', msg: '', durationMs: 10, delegatedTo: 'c002', result: {} },
    ]);
    expect(lines).to.include('PLAY [web] (2 hosts)');
    expect(lines).to.include('TASK [web : Copy]');
    expect(lines).to.include('  [c01]  ok          file is the same (1.23 s)');
    expect(lines).to.include('RUNNING HANDLER [restart]');
    expect(lines).to.include('  [c01 -> c002] changed      (0.01 s)');
  });

  it('prints item results with their label', () => {
    const lines = render([PLAY, { kind: 'item_result', host: 'c01', task: 't', taskId: 1, status: 'changed', label: 'apple', result: { item: 'apple' } }]);
    expect(lines).to.include('  [c01]  changed     (item=apple)');
  });

  it('adds returned values with -v, commands with -vv and connections with -vvv', () => {
    const events: RunEvent[] = [
      PLAY,
      { kind: 'connection', host: 'c01', detail: 'ssh root@127.0.0.51:22', durationMs: 300 },
      { kind: 'command', host: 'c01', taskId: 1, command: 'cat /etc/hostname', exitCode: 0, durationMs: 20 },
      { kind: 'host_result', host: 'c01', task: 't', taskId: 1, status: 'ok', msg: 'done', durationMs: 25, result: { rc: 0 } },
    ];
    const quiet = render(events.filter((event) => event.kind !== 'command' && event.kind !== 'connection'), 0);
    expect(quiet.join('\n')).to.not.include('"rc"');
    const verbose = render(events, 3).join('\n');
    expect(verbose).to.include('    "rc": 0');
    expect(verbose).to.include('    [c01]  $ cat /etc/hostname  (exit 0, 0.02 s)');
    expect(verbose).to.include('    [c01]  connected: ssh root@127.0.0.51:22 (0.30 s)');
  });

  it('prints the diff of a result that has one', () => {
    const diff = { before: 'a\nb\n', after: 'a\nc\n', beforeHeader: '/etc/x (before)', afterHeader: '/etc/x (after)' };
    const lines = render([PLAY, { kind: 'host_result', host: 'c01', task: 't', taskId: 1, status: 'changed', msg: '', durationMs: 1, result: { diff } }]);
    expect(lines).to.include('    --- /etc/x (before)');
    expect(lines).to.include('    -b');
    expect(lines).to.include('    +c');
  });
});

describe('diffText', () => {
  it('renders settings that are not text as JSON', () => {
    const text = diffText({ before: { image: 'registry:2' }, after: { image: 'registry:3' } });
    expect(text).to.include('-  "image": "registry:2"');
    expect(text).to.include('+  "image": "registry:3"');
  });

  it('returns nothing when before and after are the same, or for no diff', () => {
    expect(diffText({ before: 'x', after: 'x' })).to.equal('');
    expect(diffText(undefined)).to.equal('');
  });

  it('renders a list of diffs one after another', () => {
    const text = diffText([{ before: 'a', after: 'b' }, { before: 'c', after: 'd' }]);
    expect(text.match(/^@@/gm)).to.have.length(2);
  });
});
