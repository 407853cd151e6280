import { expect } from 'chai';
import { recapOf, statusesOf } from '../support/run-skprun.js';
import { hostResults, keywordLab, messages, onHost, outputOf, runFixture } from './support.js';

const FILES = '/etc/skprun-kw.conf /etc/skprun-kw-lines.conf /etc/skprun-kw.d';
const HOSTS = ['c01', 'c02', 'c03'];

/** A fingerprint of the files on a host: content, mode and inode, so that a rewrite shows. */
function fingerprint(host: string): Promise<string> {
  return onHost(host, `for f in ${FILES}; do stat -c '%n %a %i %s %Y' $f; done; cat /etc/skprun-kw.conf /etc/skprun-kw-lines.conf`);
}

describe('check mode @lab', function () {
  before(async () => {
    await keywordLab();
    for (const host of HOSTS) await onHost(host, `rm -rf ${FILES}`);
  });

  after(async () => {
    for (const host of HOSTS) await onHost(host, `rm -rf ${FILES}`);
  });

  it('converges, then reports no change in check mode and touches nothing', async () => {
    const first = await runFixture('check-mode.yml');
    expect(first.status, outputOf(first)).to.equal(0);
    for (const host of HOSTS) expect(recapOf(first)[host].changed, host).to.equal(3);

    const before = await Promise.all(HOSTS.map(fingerprint));
    const check = await runFixture('check-mode.yml', '-C');
    expect(check.status, outputOf(check)).to.equal(0);
    for (const host of HOSTS) expect(recapOf(check)[host], host).to.include({ changed: 0, failed: 0 });
    expect(messages(check, 'report check mode')).to.deep.equal({ c01: 'true', c02: 'true', c03: 'true' });
    expect(await Promise.all(HOSTS.map(fingerprint))).to.deep.equal(before);
  });

  it('reports what would change after an edit, with its diff, and changes nothing', async () => {
    await onHost('c02', "printf 'port=9090\\nname=c02\\n' > /etc/skprun-kw.conf && : > /etc/skprun-kw-lines.conf && rmdir /etc/skprun-kw.d");
    const before = await onHost('c02', 'cat /etc/skprun-kw.conf; cat /etc/skprun-kw-lines.conf; ls -d /etc/skprun-kw.d 2>/dev/null; true');

    const check = await runFixture('check-mode.yml', '-C', '-D');
    expect(check.status, outputOf(check)).to.equal(0);
    expect(recapOf(check).c02).to.include({ changed: 3 });
    expect(recapOf(check).c01).to.include({ changed: 0 });
    expect(statusesOf(check, 'config file')).to.deep.equal({ c01: 'ok', c02: 'changed', c03: 'ok' });
    const [diff] = hostResults(check, 'config file').filter((event) => event.host === 'c02');
    expect(diff.result.diff).to.include({ before: 'port=9090\nname=c02\n', after: 'port=8080\nname=c02\n' });

    const after = await onHost('c02', 'cat /etc/skprun-kw.conf; cat /etc/skprun-kw-lines.conf; ls -d /etc/skprun-kw.d 2>/dev/null; true');
    expect(after).to.equal(before);
    expect(after).to.include('port=9090');
  });
});
