import { expect } from 'chai';
import { Recap } from '../../src/engine/recap.js';

describe('Recap', () => {
  it('counts a changed task as ok and changed', () => {
    const recap = new Recap();
    recap.record('c01', 'changed');
    recap.record('c01', 'ok');
    expect(recap.stats.c01).to.include({ ok: 2, changed: 1, failed: 0 });
  });

  it('counts a rescuable failure as rescued, not failed', () => {
    const recap = new Recap();
    recap.record('c01', 'failed', { rescuable: true });
    recap.record('c02', 'failed');
    expect(recap.stats.c01).to.include({ failed: 0, rescued: 1 });
    expect(recap.stats.c02).to.include({ failed: 1, rescued: 0 });
  });

  it('counts an ignored failure as ok and ignored', () => {
    const recap = new Recap();
    recap.record('c01', 'ignored', { changed: true });
    recap.record('c02', 'ignored');
    expect(recap.stats.c01).to.include({ ok: 1, ignored: 1, changed: 1, failed: 0 });
    expect(recap.stats.c02).to.include({ ok: 1, ignored: 1, changed: 0 });
  });

  it('counts skipped and unreachable apart', () => {
    const recap = new Recap();
    recap.record('c01', 'skipped');
    recap.record('c01', 'unreachable');
    expect(recap.stats.c01).to.include({ ok: 0, skipped: 1, unreachable: 1 });
  });
});
