import { expect } from 'chai';
import type { RunEvent } from '../../src/engine/events.js';
import { playHeader } from '../../src/output/headers.js';
import { createPlainRenderer } from '../../src/output/plain.js';

function render(events: RunEvent[]): string[] {
  let text = '';
  const handle = createPlainRenderer({ write: (chunk) => (text += chunk), colour: false, verbosity: 0 });
  for (const event of events) handle(event);
  return text.split('\n').filter((line) => line !== '');
}

function taskStart(id: number, name: string, host: string): RunEvent {
  return { kind: 'task_start', id, name, module: 'command', hosts: [host], isHandler: false };
}

function result(id: number, name: string, host: string): RunEvent {
  return { kind: 'host_result', host, task: name, taskId: id, status: 'ok', msg: name, durationMs: 0, result: {} };
}

describe('playHeader', () => {
  it('counts one host in the singular', () => {
    expect(playHeader('web', 1)).to.equal('PLAY [web] (1 host)');
  });

  it('counts other numbers in the plural', () => {
    expect(playHeader('web', 0)).to.equal('PLAY [web] (0 hosts)');
    expect(playHeader('web', 2)).to.equal('PLAY [web] (2 hosts)');
  });
});

describe('plain task headers', () => {
  it('repeats the header for free results', () => {
    const play: RunEvent = { kind: 'play_start', name: 'p', hosts: ['a', 'b'], strategy: 'free' };
    const lines = render([play, taskStart(1, 'one', 'a'), taskStart(2, 'one', 'b'), result(1, 'one', 'a'), taskStart(3, 'two', 'a'), result(2, 'one', 'b'), result(3, 'two', 'a')]);
    expect(lines).to.deep.equal([
      'PLAY [p] (2 hosts)',
      'TASK [one]',
      '  [a] ok          one (0.00 s)',
      'TASK [two]',
      'TASK [one]',
      '  [b] ok          one (0.00 s)',
      'TASK [two]',
      '  [a] ok          two (0.00 s)',
    ]);
  });

  it('prints each linear task header once', () => {
    const play: RunEvent = { kind: 'play_start', name: 'p', hosts: ['a', 'b'], strategy: 'linear' };
    const start: RunEvent = { kind: 'task_start', id: 1, name: 'one', module: 'command', hosts: ['a', 'b'], isHandler: false };
    const lines = render([play, start, result(1, 'one', 'a'), result(1, 'one', 'b'), taskStart(2, 'one', 'a'), result(2, 'one', 'a')]);
    expect(lines.filter((line) => line === 'TASK [one]')).to.have.length(2);
    expect(lines[1]).to.equal('TASK [one]');
    expect(lines[4]).to.equal('TASK [one]');
  });

  it('prints interrupted hosts and retries under their task', () => {
    const play: RunEvent = { kind: 'play_start', name: 'p', hosts: ['a'], strategy: 'linear' };
    const lines = render([
      play,
      taskStart(1, 'wait', 'a'),
      { kind: 'retry', host: 'a', task: 'wait', taskId: 1, attempt: 1, retriesLeft: 2 },
      { kind: 'host_interrupted', host: 'a', task: 'wait', taskId: 1 },
    ]);
    expect(lines).to.deep.equal(['PLAY [p] (1 host)', 'TASK [wait]', 'FAILED - RETRYING: [a]: wait (2 retries left).', '  [a] interrupted']);
  });
});
