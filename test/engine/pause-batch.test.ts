import { expect } from 'chai';
import { hostResults } from '../support/events.js';
import { debugMessages, runPlaybook } from './run-playbook.js';

const hosts = ['h1', 'h2', 'h3'];

function pausePlay(serial?: number): string {
  return `
- hosts: all
  gather_facts: false
  ${serial === undefined ? '' : `serial: ${serial}`}
  tasks:
    - name: wait
      pause: { seconds: 1 }
      register: waited
    - name: show
      debug: { msg: "{{ waited.stdout }}" }
`;
}

describe('pause per batch', function () {
  this.timeout(20_000);

  it('waits once for all hosts of the batch', async () => {
    const started = Date.now();
    // One fork: a pause per host would take 3 s.
    const run = await runPlaybook({ hosts, files: { 'site.yml': pausePlay() }, options: { forks: 1 } });
    const elapsed = Date.now() - started;
    expect(run.status).to.equal(0);
    expect(hostResults(run, 'wait').map((result) => result.host)).to.deep.equal(['h1']);
    expect(elapsed).to.be.within(900, 2_500);
  });

  it('registers the result on every host', async () => {
    const run = await runPlaybook({ hosts, files: { 'site.yml': pausePlay() } });
    const messages = debugMessages(run, 'show');
    expect(Object.keys(messages)).to.deep.equal(hosts);
    for (const host of hosts) expect(messages[host], host).to.match(/^Paused for 1\.\d\d seconds$/);
  });

  it('waits once in each serial batch', async () => {
    const run = await runPlaybook({ hosts, files: { 'site.yml': pausePlay(2) } });
    expect(run.status).to.equal(0);
    expect(hostResults(run, 'wait').map((result) => result.host)).to.deep.equal(['h1', 'h3']);
  });
});
