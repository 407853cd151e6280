import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { checkArguments } from '../../src/engine/arguments.js';
import pauseModule, { askAtTerminal, DEFAULT_PROMPT, pause, PromptInterruptedError, waitSeconds, type Prompter } from '../../src/modules/pause.js';
import type { ModuleContext } from '../../src/modules/module.js';

/** Makes a clock that moves only when the pause sleeps, so durations are exact. */
function fakeClock() {
  let now = Date.parse('2024-05-01T10:00:00Z');
  const slept: number[] = [];
  return {
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    now: () => new Date(now),
  };
}

function fakeTerminal(answer: string) {
  const shown: string[] = [];
  const asked: [string, boolean][] = [];
  const terminal: Prompter = {
    show: (text) => void shown.push(text),
    ask: async (question, echo) => {
      asked.push([question, echo]);
      return answer;
    },
  };
  return { terminal, shown, asked };
}

describe('pause without a terminal', () => {
  it('waits the seconds given', async () => {
    const clock = fakeClock();
    const result = await pause({ seconds: 3 }, { terminal: undefined, ...clock });
    expect(clock.slept).to.deep.equal([3000]);
    expect(result).to.include({ changed: false, delta: 3, user_input: '', echo: true, stdout: 'Paused for 3.00 seconds' });
    expect(result).to.include({ start: '2024-05-01T10:00:00.000Z', stop: '2024-05-01T10:00:03.000Z' });
  });

  it('waits minutes as seconds', async () => {
    const clock = fakeClock();
    const result = await pause({ minutes: 2 }, { terminal: undefined, ...clock });
    expect(clock.slept).to.deep.equal([120_000]);
    expect(result.stdout).to.equal('Paused for 2.00 minutes');
  });

  it('prefers seconds over minutes', () => {
    expect(waitSeconds({ seconds: 5, minutes: 1 })).to.equal(5);
    expect(waitSeconds({ prompt: 'x' })).to.equal(undefined);
  });

  it('waits the seconds of a prompt with seconds', async () => {
    const clock = fakeClock();
    const result = await pause({ seconds: 1, prompt: 'Check the logs' }, { terminal: undefined, ...clock });
    expect(result.failed).to.equal(undefined);
    expect(clock.slept).to.deep.equal([1000]);
  });

  it('fails at once for a prompt alone', async () => {
    const clock = fakeClock();
    const result = await pause({ prompt: 'Continue?' }, { terminal: undefined, ...clock });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal('pause: the prompt "Continue?" needs a terminal, and stdin is not one; give seconds or minutes to wait without asking');
    expect(clock.slept).to.deep.equal([]);
  });

  it('fails at once for a pause until Enter', async () => {
    const result = await pause({}, { terminal: undefined, ...fakeClock() });
    expect(result.msg).to.match(/^pause: waiting for Enter needs a terminal/);
  });
});

describe('pause with a terminal', () => {
  it('returns the typed answer', async () => {
    const { terminal, asked } = fakeTerminal('yes');
    const result = await pause({ prompt: 'Deploy now?' }, { terminal, ...fakeClock() });
    expect(asked).to.deep.equal([['Deploy now?: ', true]]);
    expect(result).to.include({ user_input: 'yes', msg: 'got an answer at the terminal' });
  });

  it('asks without echo for a secret', async () => {
    const { terminal, asked } = fakeTerminal('s3cret');
    await pause({ prompt: 'Token', echo: false }, { terminal, ...fakeClock() });
    expect(asked).to.deep.equal([['Token: ', false]]);
  });

  it('asks the default question', async () => {
    const { terminal, asked } = fakeTerminal('');
    await pause({}, { terminal, ...fakeClock() });
    expect(asked[0][0]).to.equal(`${DEFAULT_PROMPT}: `);
  });

  it('shows the prompt of a timed pause', async () => {
    const { terminal, shown, asked } = fakeTerminal('');
    await pause({ seconds: 1, prompt: 'Waiting for the cluster' }, { terminal, ...fakeClock() });
    expect(shown).to.deep.equal(['Waiting for the cluster\n']);
    expect(asked).to.deep.equal([]);
  });
});

describe('pause askAtTerminal', () => {
  const streams = () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const written: string[] = [];
    output.on('data', (chunk: Buffer) => written.push(chunk.toString('utf8')));
    return { input, output, written };
  };

  it('reads a line and echoes it', async () => {
    const { input, output, written } = streams();
    const answer = askAtTerminal(input, output, 'Name: ', true);
    input.write('web01\r');
    expect(await answer).to.equal('web01');
    expect(written.join('')).to.include('Name: ').and.include('web01');
  });

  it('hides the typing without echo', async () => {
    const { input, output, written } = streams();
    const answer = askAtTerminal(input, output, 'Token: ', false);
    input.write('s3cret\r');
    expect(await answer).to.equal('s3cret');
    expect(written.join('')).to.include('Token: ').and.not.include('s3cret');
  });

  it('rejects when Ctrl-C ends the prompt', async () => {
    const { input, output } = streams();
    const answer = askAtTerminal(input, output, 'Name: ', true);
    input.write('\u0003');
    let error: Error | undefined;
    await answer.catch((e: Error) => (error = e));
    expect(error).to.be.instanceOf(PromptInterruptedError);
    expect(error?.message).to.equal('the prompt "Name:" was interrupted');
  });
});

describe('pause module', () => {
  const context: ModuleContext = {
    conn: { hostName: 'none', exec: async () => ({ stdout: '', stderr: '', exitCode: 0 }), close: async () => {} },
    flags: { check: false, diff: false },
    hostName: 'c01',
    vars: {},
  };

  it('really waits the seconds', async () => {
    const started = Date.now();
    const result = await pauseModule.run({ seconds: 0.2 }, context);
    expect(Date.now() - started).to.be.at.least(190);
    expect(result.changed).to.equal(false);
  });

  it('runs on the controller only', () => {
    expect(pauseModule.controllerOnly).to.equal(true);
  });

  it('rejects a negative or unknown argument', () => {
    expect(checkArguments(pauseModule, { seconds: -1 })).to.deep.equal(['seconds: must be >= 0, got -1']);
    expect(checkArguments(pauseModule, { hours: 1 })).to.deep.equal(['(arguments): unsupported parameter hours']);
    expect(checkArguments(pauseModule, { minutes: '2' })).to.deep.equal([]);
  });
});
