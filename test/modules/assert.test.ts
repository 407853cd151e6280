import { expect } from 'chai';
import { checkArguments } from '../../src/engine/arguments.js';
import assert from '../../src/modules/assert.js';
import type { ModuleContext } from '../../src/modules/module.js';

const neverConnect = {
  hostName: 'none',
  exec: async () => {
    throw new Error('assert must not touch the host');
  },
  close: async () => {},
};

function context(vars: Record<string, unknown>): ModuleContext {
  return { conn: neverConnect, flags: { check: false, diff: false }, hostName: 'c01', vars };
}

const vars = { offset: 0.2, nodes: ['c01', 'c02'], result: { stdout: 'registry up' } };

describe('assert', () => {
  it('passes when every condition holds', async () => {
    const result = await assert.run({ that: ['offset < 1', "'up' in result.stdout", 'nodes | length == 2'] }, context(vars));
    expect(result.failed).to.equal(undefined);
    expect(result.msg).to.equal('All assertions passed');
  });

  it('names the first false condition', async () => {
    const result = await assert.run({ that: ['offset < 1', 'nodes | length == 3', 'false'] }, context(vars));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal('Assertion failed');
    expect(result.assertion).to.equal('nodes | length == 3');
    expect(result.evaluated_to).to.equal(false);
  });

  it('uses fail_msg, msg and success_msg', async () => {
    expect((await assert.run({ that: 'offset > 1', fail_msg: 'clock too far' }, context(vars))).msg).to.equal('clock too far');
    expect((await assert.run({ that: 'offset > 1', msg: 'older name' }, context(vars))).msg).to.equal('older name');
    expect((await assert.run({ that: 'offset < 1', success_msg: 'fine' }, context(vars))).msg).to.equal('fine');
  });

  it('reports an undefined variable as a failed check', async () => {
    const result = await assert.run({ that: 'missing_var == 1' }, context(vars));
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^The conditional check 'missing_var == 1' failed\. The error was: .*missing_var/);
  });

  it('rejects bad arguments in the schema', () => {
    expect(checkArguments(assert, { that: [] })).to.not.deep.equal([]);
    expect(checkArguments(assert, { that: 'x', fail_msg: 'a', msg: 'b' })).to.not.deep.equal([]);
    expect(checkArguments(assert, { that: 'x', quiet: true })).to.deep.equal([]);
  });
});
