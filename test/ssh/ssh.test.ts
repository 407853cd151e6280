/**
 * SSH as OpenSSH users expect it, against real sshd on two labs of this
 * test's own: 127.0.10 (a jump host c01 with c02 behind it, c03 with
 * MaxSessions 2, sudo users) and 127.0.11 (one host for host key checks).
 */
import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { forgetLoadedKeys } from '../../src/connection/private-keys.js';
import { SshConnection } from '../../src/connection/ssh.js';
import type { SshTarget } from '../../src/connection/ssh-target.js';
import { labDown, labUp, rekeyLabHost, type LabState } from '../../src/lab/index.js';
import { testImageCacheDir, testLabStateDir } from '../support/lab.js';
import { runDetached, runOnTerminal } from './cli-runner.js';

const bobPassword = 'B0b-sudo-pa55';

function host(lab: LabState, name: string) {
  const found = lab.hosts.find((h) => h.name === name);
  if (!found) throw new Error(`no lab host ${name}`);
  return found;
}

/** Appends a public key to root's authorized_keys on lab hosts. */
function authorize(lab: LabState, publicKeyFile: string, names: string[]): void {
  for (const name of names) {
    appendFileSync(path.join(lab.stateDir, 'hosts', name, 'root', '.ssh', 'authorized_keys'), `\n${readFileSync(publicKeyFile, 'utf8')}`);
  }
}

function makeKey(dir: string, name: string, args: string[]): string {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-N', '', '-C', name, '-f', file, ...args]);
  return file;
}

function target(lab: LabState, name: string, extra: Partial<SshTarget> = {}): SshTarget {
  const { address, port } = host(lab, name);
  return {
    hostName: name, address, port, user: 'root', knownHostsFiles: [lab.knownHostsFile], hostKeyChecking: true,
    connectTimeoutMs: 5_000, maxChannels: 8, agentSocket: null, identitiesOnly: true, privateKeyFile: lab.privateKeyFile, ...extra,
  };
}

async function execOnce(t: SshTarget, command: string): Promise<string> {
  const connection = await SshConnection.open(t);
  try {
    return (await connection.exec(command)).stdout;
  } finally {
    await connection.close();
  }
}

/** Writes an inventory of the lab's hosts with extra variables for all of them. */
function writeInventory(lab: LabState, file: string, vars: Record<string, unknown>, hostVars: Record<string, Record<string, unknown>> = {}): string {
  const hosts = Object.fromEntries(lab.hosts.map((h) => {
    const own: Record<string, unknown> = { ansible_host: h.address, ansible_port: h.port };
    if (h.jumpHost) own.ansible_ssh_common_args = `-o ProxyJump=root@${host(lab, h.jumpHost).address}`;
    Object.assign(own, hostVars[h.name]);
    return [h.name, own];
  }));
  const inventory = {
    all: {
      vars: { ansible_user: 'root', ansible_ssh_private_key_file: lab.privateKeyFile, skprun_known_hosts_file: lab.knownHostsFile, ...vars },
      hosts,
    },
  };
  writeFileSync(file, stringify(inventory));
  return file;
}

/** Returns an environment whose HOME is a temp folder, so that no test reads or writes the real ~/.ssh. */
function isolatedEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, NO_COLOR: '1', ...extra };
  delete env.SSH_AUTH_SOCK;
  return env;
}

describe('SSH against real sshd @lab', function () {
  this.timeout(180_000);
  let lab: LabState;
  let dir: string;
  let home: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-ssh-test-'));
    home = path.join(dir, 'home');
    lab = await labUp({
      stateDir: testLabStateDir('ssh-a'), hosts: 3, docker: false, skew: {}, addressPrefix: '127.0.10', imageCacheDir: testImageCacheDir,
      users: [{ name: 'alice', sudo: 'nopasswd' }, { name: 'bob', password: bobPassword, sudo: 'password' }],
      passwordLogin: true, maxSessions: { c03: 2 }, behind: { c02: 'c01' },
    });
  });
  after(async () => {
    if (lab) await labDown(lab.stateDir);
    rmSync(dir, { recursive: true, force: true });
  });

  describe('jump hosts', () => {
    it('reaches the far host through its jump host', async () => {
      const inventory = writeInventory(lab, path.join(dir, 'jump.yml'), {});
      const run = await runDetached(['adhoc', 'c02', '-i', inventory, '-a', 'hostname'], isolatedEnv(home));
      expect(run.stdout, run.stderr).to.equal('c02 | CHANGED | rc=0 >>\nc02\n');
      const jumpLog = readFileSync(path.join(lab.stateDir, 'hosts/c01/sshd.log'), 'utf8');
      expect(jumpLog).to.contain(`target ${host(lab, 'c02').address} port 22`);
    });

    it('goes through several hops in order', async () => {
      const hops = `root@${host(lab, 'c03').address},root@${host(lab, 'c01').address}`;
      const inventory = writeInventory(lab, path.join(dir, 'two-hops.yml'), {}, { c02: { ansible_ssh_common_args: `-J ${hops}` } });
      const firstHopLogins = () => readFileSync(path.join(lab.stateDir, 'hosts/c03/sshd.log'), 'utf8').split('Accepted publickey for root').length;
      const loginsBefore = firstHopLogins();
      const run = await runDetached(['adhoc', 'c02', '-i', inventory, '-a', 'hostname'], isolatedEnv(home));
      expect(run.stdout, run.stderr).to.equal('c02 | CHANGED | rc=0 >>\nc02\n');
      // Nothing else logs in to c03 during this test: the one login is the first hop's.
      expect(firstHopLogins()).to.equal(loginsBefore + 1);
    });

    it('reads the jump host from an ssh -W ProxyCommand', async () => {
      const proxy = `-o ProxyCommand="ssh -W %h:%p -q root@${host(lab, 'c01').address}"`;
      const inventory = writeInventory(lab, path.join(dir, 'proxy-command.yml'), {}, { c02: { ansible_ssh_common_args: proxy } });
      const run = await runDetached(['adhoc', 'c02', '-i', inventory, '-a', 'hostname'], isolatedEnv(home));
      expect(run.stdout, run.stderr).to.equal('c02 | CHANGED | rc=0 >>\nc02\n');
    });

    it('cannot reach the far host directly', async () => {
      let failure: Error | undefined;
      await execOnce(target(lab, 'c02', { connectTimeoutMs: 3_000 }), 'true').catch((error: Error) => (failure = error));
      expect(failure?.message).to.match(/c02: unreachable: .*(EHOSTUNREACH|ENETUNREACH|timed out)/);
    });
  });

  describe('logins', () => {
    afterEach(() => forgetLoadedKeys());

    it('logs in with ed25519, ecdsa and rsa keys in OpenSSH and PEM formats', async () => {
      const keys = [
        makeKey(dir, 'ed25519', ['-t', 'ed25519']),
        makeKey(dir, 'ecdsa-pem', ['-t', 'ecdsa', '-m', 'PEM']),
        makeKey(dir, 'rsa-pem', ['-t', 'rsa', '-b', '2048', '-m', 'PEM']),
        makeKey(dir, 'rsa-openssh', ['-t', 'rsa', '-b', '2048']),
      ];
      for (const key of keys) authorize(lab, `${key}.pub`, ['c03']);
      for (const key of keys) {
        expect(await execOnce(target(lab, 'c03', { privateKeyFile: key }), 'id -un'), key).to.equal('root\n');
      }
    });

    it('logs in with the ssh-agent of SSH_AUTH_SOCK when no key is given', async () => {
      const socket = path.join(dir, 'agent.sock');
      const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        execFileSync('ssh-add', ['-q', lab.privateKeyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
        const previous = process.env.SSH_AUTH_SOCK;
        process.env.SSH_AUTH_SOCK = socket;
        try {
          const viaAgent = target(lab, 'c03', { privateKeyFile: undefined, agentSocket: undefined, identitiesOnly: false });
          expect(await execOnce(viaAgent, 'id -un')).to.equal('root\n');
        } finally {
          if (previous === undefined) delete process.env.SSH_AUTH_SOCK;
          else process.env.SSH_AUTH_SOCK = previous;
        }
      } finally {
        agent.kill();
      }
    });

    it('logs in with a password', async () => {
      const bob = target(lab, 'c03', { user: 'bob', privateKeyFile: undefined, password: bobPassword });
      expect(await execOnce(bob, 'id -un')).to.equal('bob\n');
      let failure: Error | undefined;
      await execOnce({ ...bob, password: 'wrong' }, 'true').catch((error: Error) => (failure = error));
      expect(failure?.message).to.contain('login failed: the server accepted none of password, keyboard-interactive');
    });

    it('asks once for the -k password on a terminal', async () => {
      const inventory = writeInventory(lab, path.join(dir, 'bob-password.yml'), { ansible_user: 'bob', ansible_ssh_private_key_file: null });
      const run = await runOnTerminal(['adhoc', 'c01,c03', '-i', inventory, '-k', '-a', 'id -un'], { 'SSH password:': bobPassword });
      expect(run.status, run.transcript).to.equal(0);
      expect(run.answered.get('SSH password:')).to.equal(1);
      expect(run.transcript.match(/CHANGED \| rc=0 >>\r?\nbob/g)).to.have.length(2);
      expect(run.transcript).to.not.contain(bobPassword);
    });

    describe('with an encrypted key', () => {
      let key: string;
      before(() => {
        key = path.join(dir, 'encrypted');
        execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'key-pass-phrase', '-C', 'encrypted', '-f', key]);
        authorize(lab, `${key}.pub`, ['c01', 'c02', 'c03']);
      });

      it('asks for the passphrase once on a terminal, for every host', async () => {
        const inventory = writeInventory(lab, path.join(dir, 'encrypted.yml'), { ansible_ssh_private_key_file: key });
        const prompt = `Enter passphrase for key '${key}':`;
        const run = await runOnTerminal(['adhoc', 'all', '-i', inventory, '-a', 'hostname'], { [prompt]: 'key-pass-phrase' });
        expect(run.status, run.transcript).to.equal(0);
        expect(run.answered.get(prompt)).to.equal(1);
        for (const name of ['c01', 'c02', 'c03']) expect(run.transcript).to.contain(`${name} | CHANGED | rc=0 >>\r\n${name}`);
      });

      it('fails clearly without a terminal', async () => {
        const inventory = writeInventory(lab, path.join(dir, 'encrypted.yml'), { ansible_ssh_private_key_file: key });
        const run = await runDetached(['adhoc', 'c03', '-i', inventory, '-a', 'true'], isolatedEnv(home));
        expect(run.status).to.equal(3);
        expect(run.stdout).to.contain(`private key ${key} is encrypted and there is no terminal to ask for its passphrase`);
        expect(run.stdout).to.contain('SKPRUN_PRIVATE_KEY_PASSPHRASE');
      });

      it('takes the passphrase from the environment or the inventory', async () => {
        const inventory = writeInventory(lab, path.join(dir, 'encrypted.yml'), { ansible_ssh_private_key_file: key });
        const run = await runDetached(['adhoc', 'c03', '-i', inventory, '-a', 'true'], isolatedEnv(home, { SKPRUN_PRIVATE_KEY_PASSPHRASE: 'key-pass-phrase' }));
        expect(run.status, run.stdout).to.equal(0);
        expect(await execOnce(target(lab, 'c03', { privateKeyFile: key, privateKeyPassphrase: 'key-pass-phrase' }), 'hostname')).to.equal('c03\n');
        forgetLoadedKeys();
        let failure: Error | undefined;
        await execOnce(target(lab, 'c03', { privateKeyFile: key, privateKeyPassphrase: 'wrong' }), 'true').catch((error: Error) => (failure = error));
        expect(failure?.message).to.contain(`the passphrase given for private key ${key} is wrong`);
      });
    });
  });

  describe('sudo as a user other than root', () => {
    const adhoc = (inventory: string, ...args: string[]) => runDetached(['adhoc', 'c03', '-i', inventory, ...args], isolatedEnv(home));

    it('becomes root without a password where sudo asks none', async () => {
      const inventory = writeInventory(lab, path.join(dir, 'alice.yml'), { ansible_user: 'alice' });
      const run = await adhoc(inventory, '-b', '-a', 'id -un');
      expect(run.stdout, run.stderr).to.equal('c03 | CHANGED | rc=0 >>\nroot\n');
    });

    it('feeds ansible_become_password to sudo and shows it nowhere', async () => {
      const inventory = writeInventory(lab, path.join(dir, 'bob.yml'), { ansible_user: 'bob', ansible_become_password: bobPassword });
      const plain = await adhoc(inventory, '-b', '-a', 'id -un');
      expect(plain.stdout, plain.stderr).to.equal('c03 | CHANGED | rc=0 >>\nroot\n');
      const other = await adhoc(inventory, '-b', '--become-user', 'alice', '-a', 'id -un');
      expect(other.stdout, other.stderr).to.equal('c03 | CHANGED | rc=0 >>\nalice\n');
      const json = await adhoc(inventory, '-b', '--output', 'json', '-a', 'cat');
      for (const output of [plain, other, json]) expect(output.stdout + output.stderr).to.not.contain(bobPassword);
    });

    it('asks once for -K on a terminal', async () => {
      const inventory = writeInventory(lab, path.join(dir, 'bob-k.yml'), { ansible_user: 'bob' });
      const run = await runOnTerminal(['adhoc', 'c01,c03', '-i', inventory, '-b', '-K', '-a', 'id -un'], { 'BECOME password:': bobPassword });
      expect(run.status, run.transcript).to.equal(0);
      expect(run.answered.get('BECOME password:')).to.equal(1);
      expect(run.transcript).to.not.contain(bobPassword);
    });

    it('says how to give a missing password, and rejects a wrong one', async () => {
      const missing = await adhoc(writeInventory(lab, path.join(dir, 'bob-none.yml'), { ansible_user: 'bob' }), '-b', '-a', 'true');
      expect(missing.status).to.equal(2);
      expect(missing.stdout).to.contain('sudo needs a password to become root: give it with -K/--ask-become-pass or ansible_become_password');
      const wrong = await adhoc(writeInventory(lab, path.join(dir, 'bob-wrong.yml'), { ansible_user: 'bob', ansible_become_password: 'wrong-one' }), '-b', '-a', 'true');
      expect(wrong.status).to.equal(2);
      expect(wrong.stdout).to.contain('incorrect sudo password for becoming root');
      expect(wrong.stdout).to.not.contain('wrong-one');
    });
  });

  describe('a host with MaxSessions 2', () => {
    it('runs many commands at once by lowering the channel limit', async () => {
      const connection = await SshConnection.open(target(lab, 'c03'));
      try {
        const results = await Promise.all(Array.from({ length: 30 }, (_, i) => connection.exec(`sleep 0.05; echo ${i}`)));
        expect(results.map((r) => r.stdout.trim())).to.deep.equal(Array.from({ length: 30 }, (_, i) => String(i)));
        expect(connection.channelLimit).to.be.at.most(2);
        expect(connection.channelLimit, "the limit the server allows, not less").to.equal(2);
      } finally {
        await connection.close();
      }
    });

    it('runs a playbook with a 50-item loop without a channel error', async () => {
      const inventory = writeInventory(lab, path.join(dir, 'sessions.yml'), {});
      const playbook = path.join(dir, 'sessions-playbook.yml');
      const work = path.join(dir, 'on-c03');
      writeFileSync(playbook, stringify([{
        hosts: 'c03',
        gather_facts: true,
        tasks: [
          { name: 'folder', file: { path: work, state: 'directory' } },
          { name: 'loop', command: `touch ${work}/{{ item }}`, loop: "{{ range(50) | list }}" },
          { name: 'file', copy: { dest: `${work}/config`, content: 'a=1\n' } },
          { name: 'line', lineinfile: { path: `${work}/config`, line: 'b=2' } },
          { name: 'count', shell: `ls ${work} | wc -l`, register: 'count' },
          { name: 'check', assert: { that: ["count.stdout | int == 51"] } },
        ],
      }]));
      const run = await runDetached(['-i', inventory, '--output', 'plain', playbook], isolatedEnv(home));
      expect(run.status, run.stdout + run.stderr).to.equal(0);
      expect(run.stdout + run.stderr).to.not.contain('open failed');
      expect(run.stdout).to.match(/c03\s*:\s*ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0/);
    });
  });
});

describe('host keys @lab', function () {
  this.timeout(120_000);
  let lab: LabState;
  let dir: string;
  let knownHosts: string;
  let inventory: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'skprun-host-key-test-'));
    lab = await labUp({ stateDir: testLabStateDir('ssh-b'), hosts: 1, docker: false, skew: {}, addressPrefix: '127.0.11', imageCacheDir: testImageCacheDir });
    knownHosts = path.join(dir, 'known_hosts');
    writeFileSync(knownHosts, '');
    inventory = writeInventory(lab, path.join(dir, 'inventory.yml'), { skprun_known_hosts_file: knownHosts });
  });
  after(async () => {
    if (lab) await labDown(lab.stateDir);
    rmSync(dir, { recursive: true, force: true });
  });

  const adhoc = (...args: string[]) => runDetached(['adhoc', 'c01', '-i', inventory, '-a', 'hostname', ...args], isolatedEnv(path.join(dir, 'home')));
  const fingerprint = () =>
    execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', path.join(lab.stateDir, 'hosts/c01/ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1];

  it('rejects an unknown host with its fingerprint, then records it when told to', async () => {
    const unknown = await adhoc();
    expect(unknown.status).to.equal(3);
    expect(unknown.stdout).to.contain(`ED25519 key fingerprint is ${fingerprint()}`);
    expect(unknown.stdout).to.contain(`--accept-new-host-keys to record it in ${knownHosts}`);
    expect(readFileSync(knownHosts, 'utf8')).to.equal('');

    const accepted = await adhoc('--accept-new-host-keys');
    expect(accepted.stdout, accepted.stderr).to.equal('c01 | CHANGED | rc=0 >>\nc01\n');
    expect(readFileSync(knownHosts, 'utf8')).to.match(/^127\.0\.11\.51 ssh-ed25519 \S+\n$/);

    const known = await adhoc();
    expect(known.status, known.stdout).to.equal(0);
  });

  it('records new keys in ~/.ssh/known_hosts when the inventory names no file', async () => {
    const plain = writeInventory(lab, path.join(dir, 'plain.yml'), { skprun_known_hosts_file: null });
    const userHome = path.join(dir, 'home-2');
    const run = await runDetached(['adhoc', 'c01', '-i', plain, '-a', 'true', '--accept-new-host-keys'], isolatedEnv(userHome));
    expect(run.status, run.stdout).to.equal(0);
    expect(readFileSync(path.join(userHome, '.ssh/known_hosts'), 'utf8')).to.match(/^127\.0\.11\.51 ssh-ed25519 /);
  });

  it('rejects a changed key even with --accept-new-host-keys, naming the line', async () => {
    await rekeyLabHost(lab.stateDir, 'c01');
    const before = readFileSync(knownHosts, 'utf8');
    const changed = await adhoc('--accept-new-host-keys');
    expect(changed.status).to.equal(3);
    expect(changed.stdout).to.contain('has CHANGED');
    expect(changed.stdout).to.contain(`${knownHosts}:1 records`);
    expect(changed.stdout).to.contain(`ED25519 key fingerprint is ${fingerprint()}`);
    expect(readFileSync(knownHosts, 'utf8')).to.equal(before);
  });
});
