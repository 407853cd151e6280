import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import type { SkprunRun } from '../support/run-skprun.js';
import { debugMessages, hostResults } from '../support/events.js';
import { runPlaybook, usersLabDown, usersLabUp, writeFiles, writeInventory, type UsersLab } from './users-lab.js';

// Without a terminal, vars_prompt takes each prompt's default, which is
// then hashed as a typed answer would be.
const playbook = `
- hosts: all
  gather_facts: false
  vars_prompt:
    - name: sha512_hash
      default: "s3cret word"
      encrypt: sha512_crypt
      salt: fixedsalt
      confirm: true
    - name: sha256_hash
      default: "s3cret word"
      encrypt: sha256_crypt
      salt: fixedsalt
    - name: md5_hash
      default: "s3cret word"
      encrypt: md5_crypt
      salt: md5salt
    - name: random_salt_hash
      default: "s3cret word"
      encrypt: sha512_crypt
      salt_size: 8
    - name: plain
      default: "{{ '{{' }} not rendered"
      unsafe: true
      private: false
  tasks:
    - name: openssl on the host
      shell: printf '%s\\n' 's3cret word' | openssl passwd -6 -salt fixedsalt -stdin
      register: reference
    - name: compare
      debug:
        msg: "{{ 'same' if sha512_hash == reference.stdout else 'different' }}"
    - name: show sha256
      debug:
        msg: "{{ sha256_hash }}"
    - name: show md5
      debug:
        msg: "{{ md5_hash }}"
    - name: show random salt
      debug:
        msg: "{{ random_salt_hash }}"
    - name: show unsafe
      debug:
        msg: "{{ plain }}"
    - name: password_hash filter
      debug:
        msg: "{{ 'same' if 's3cret word' | password_hash('sha512', 'fixedsalt') == reference.stdout else 'different' }}"
    - name: crypt on the host
      shell: "printf '%s\\n' 's3cret word' | openssl passwd -6 -salt {{ random_salt_hash.split('$')[2] }} -stdin"
      register: random_reference
    - name: compare random salt
      debug:
        msg: "{{ 'same' if random_salt_hash == random_reference.stdout else 'different' }}"
`;

function openssl(flag: string, salt: string): string {
  return execFileSync('openssl', ['passwd', flag, '-salt', salt, '-stdin'], { input: 's3cret word\n' }).toString().trim();
}

describe('vars_prompt encrypt @lab', function () {
  this.timeout(120_000);
  let lab: UsersLab;
  let run: SkprunRun;

  before(async () => {
    lab = await usersLabUp();
    const file = writeFiles(lab, { 'prompt.yml': playbook });
    const inventory = writeInventory(lab, 'root.yml', { ansible_user: 'root' });
    run = await runPlaybook(inventory, file, '--limit', 'c01');
  });

  after(() => usersLabDown(lab));

  it('hashes answers as openssl on the host does', () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).to.equal(0);
    expect(debugMessages(run, 'compare')).to.deep.equal({ c01: 'same' });
    expect(debugMessages(run, 'password_hash filter')).to.deep.equal({ c01: 'same' });
  });

  it('hashes with each scheme and keeps unsafe text raw', () => {
    expect(debugMessages(run, 'show sha256').c01).to.equal(openssl('-5', 'fixedsalt'));
    expect(debugMessages(run, 'show md5').c01).to.equal(openssl('-1', 'md5salt'));
    expect(debugMessages(run, 'show random salt').c01).to.match(/^\$6\$[./0-9A-Za-z]{8}\$/);
    expect(debugMessages(run, 'show unsafe').c01).to.equal("{{ '{{' }} not rendered");
  });

  it('makes a random salt of salt_size', () => {
    expect(debugMessages(run, 'compare random salt')).to.deep.equal({ c01: 'same' });
    expect(hostResults(run, 'crypt on the host')).to.have.length(1);
  });
});
