import { expect } from 'chai';
import { Recap } from '../../src/engine/recap.js';

describe('Recap', () => {
  it('counts a changed task as ok and changed', () => {
    const recap = new Recap();
    recap.record('c01', 'changed');
    recap.record('c01', 'ok');
    expect(recap.stats.c01).to.include({ ok: 2, changed: 1, failed: 0 });
  });

  it('counts a rescued failure as rescued, not failed', () => {
    const recap = new Recap();
    const before = recap.enterRescuable();
    recap.record('c01', 'failed');
    recap.record('c02', 'failed');
    recap.leaveRescuable(before, ['c01']);
    expect(recap.stats.c01).to.include({ failed: 0, rescued: 1 });
    expect(recap.stats.c02).to.include({ failed: 1, rescued: 0 });
  });

  it('leaves an inner failure to the outer rescue', () => {
    const recap = new Recap();
    const outer = recap.enterRescuable();
    const inner = recap.enterRescuable();
    recap.record('c01', 'failed');
    recap.leaveRescuable(inner, []);
    expect(recap.stats.c01.failed).to.equal(0);
    recap.leaveRescuable(outer, ['c01']);
    expect(recap.stats.c01).to.include({ failed: 0, rescued: 1 });
  });
});
