import { expect } from 'chai';
import { checkArguments } from '../../src/engine/arguments.js';
import debug, { NOT_DEFINED } from '../../src/modules/debug.js';
import type { ModuleContext } from '../../src/modules/module.js';

const neverConnect = {
  hostName: 'none',
  exec: async () => {
    throw new Error('debug must not touch the host');
  },
  close: async () => {},
};

function context(vars: Record<string, unknown>): ModuleContext {
  return { conn: neverConnect, flags: { check: false, diff: false }, hostName: 'c01', vars };
}

const vars = { port: 5000, result: { stdout_lines: ['a', 'b'] } };

describe('debug', () => {
  it('prints Hello world! by default', async () => {
    expect((await debug.run({}, context(vars))).msg).to.equal('Hello world!');
  });

  it('prints a message as given', async () => {
    expect((await debug.run({ msg: 'registry on 5000' }, context(vars))).msg).to.equal('registry on 5000');
  });

  it('prints a non-string message as JSON', async () => {
    expect((await debug.run({ msg: ['a', 1] }, context(vars))).msg).to.equal('[\n  "a",\n  1\n]');
  });

  it('returns a variable under its name', async () => {
    const result = await debug.run({ var: 'result.stdout_lines' }, context(vars));
    expect(result['result.stdout_lines']).to.deep.equal(['a', 'b']);
    expect(result.changed).to.equal(false);
  });

  it('says when a variable is not defined', async () => {
    const result = await debug.run({ var: 'nothing_here' }, context(vars));
    expect(result.nothing_here).to.equal(NOT_DEFINED);
  });

  it('skips below its verbosity', async () => {
    const quiet = await debug.run({ msg: 'x', verbosity: 1 }, context(vars));
    expect(quiet.skipped).to.equal(true);
    const verbose = await debug.run({ msg: 'x', verbosity: 1 }, context({ ...vars, ansible_verbosity: 1 }));
    expect(verbose.msg).to.equal('x');
  });

  it('rejects msg with var', () => {
    expect(checkArguments(debug, { msg: 'a', var: 'b' })).to.not.deep.equal([]);
  });
});
