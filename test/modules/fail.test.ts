import { expect } from 'chai';
import { checkArguments } from '../../src/engine/arguments.js';
import fail, { DEFAULT_FAIL_MESSAGE } from '../../src/modules/fail.js';
import type { ModuleContext } from '../../src/modules/module.js';
import { loadModule } from '../../src/modules/registry.js';

const neverConnect = {
  hostName: 'none',
  exec: async () => {
    throw new Error('fail must not touch the host');
  },
  close: async () => {},
};

const context: ModuleContext = { conn: neverConnect, flags: { check: false, diff: false }, hostName: 'c01', vars: {} };

describe('fail', () => {
  it('fails with the default message', async () => {
    const result = await fail.run({}, context);
    expect(result.failed).to.equal(true);
    expect(result.changed).to.equal(false);
    expect(result.msg).to.equal(DEFAULT_FAIL_MESSAGE);
  });

  it('fails with the given message', async () => {
    expect((await fail.run({ msg: 'clock is off by 600 s' }, context)).msg).to.equal('clock is off by 600 s');
  });

  it('prints a non-string message as JSON', async () => {
    expect((await fail.run({ msg: { offset: 600 } }, context)).msg).to.equal('{\n  "offset": 600\n}');
  });

  it('fails in check mode too', async () => {
    const result = await fail.run({}, { ...context, flags: { check: true, diff: false } });
    expect(result.failed).to.equal(true);
  });

  it('runs on the controller only', () => {
    expect(fail.controllerOnly).to.equal(true);
  });

  it('answers to its Ansible names', async () => {
    expect(await loadModule('ansible.builtin.fail')).to.equal(fail);
    expect(await loadModule('ansible.legacy.fail')).to.equal(fail);
  });

  it('rejects an unknown argument', () => {
    expect(checkArguments(fail, { message: 'x' })).to.deep.equal(['(arguments): unsupported parameter message']);
  });
});
