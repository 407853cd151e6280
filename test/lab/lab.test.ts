import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import type { Connection, ExecResult } from '../../src/connection/connection.js';
import type { LabState } from '../../src/lab/index.js';
import { connectLabHost, sharedLab } from '../support/lab.js';

/** Runs a command on a shared-lab host and fails the test unless it exits 0. */
async function run(host: string, command: string): Promise<string> {
  const connection: Connection = await connectLabHost(host);
  const result: ExecResult = await connection.exec(command, { timeoutMs: 60_000 });
  expect(result.exitCode, `${host}: ${command}: ${result.stderr}`).to.equal(0);
  return result.stdout.trim();
}

/** Runs the machine's OpenSSH client against a lab host; resolves to its exit status and stderr. */
function openSsh(
  lab: LabState,
  address: string,
  knownHosts: string,
): Promise<{ status: number; stderr: string }> {
  const args = [
    '-i',
    lab.privateKeyFile,
    '-o',
    `UserKnownHostsFile=${knownHosts}`,
    '-o',
    'StrictHostKeyChecking=yes',
  ];
  args.push(
    '-o',
    'BatchMode=yes',
    '-o',
    'GlobalKnownHostsFile=/dev/null',
    `root@${address}`,
    'hostname',
  );
  return new Promise((resolve) => {
    execFile('ssh', args, (error, _stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

const unique = `lab-test-${process.pid}`;

describe('lab hosts @lab', function () {
  let lab: LabState;

  before(async () => {
    lab = await sharedLab();
  });

  it('answers SSH on each address with its own hostname', async () => {
    for (const host of lab.hosts) {
      expect(host.address).to.match(/^127\./);
      expect(await run(host.name, 'hostname'), host.name).to.equal(host.name);
      expect(await run(host.name, 'cat /etc/hostname'), host.name).to.equal(host.name);
    }
  });

  it('gives each host its own machine ID', async () => {
    const ids = await Promise.all(lab.hosts.map((h) => run(h.name, 'cat /etc/machine-id')));
    expect(new Set(ids).size).to.equal(lab.hosts.length);
    if (existsSync('/etc/machine-id')) {
      expect(ids).to.not.include(readFileSync('/etc/machine-id', 'utf8').trim());
    }
  });

  it('passes OpenSSH host key checks with its known_hosts', async () => {
    const lines = readFileSync(lab.knownHostsFile, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).to.deep.equal(lab.hosts.map((h) => h.address));
    for (const host of lab.hosts) {
      const result = await openSsh(lab, host.address, lab.knownHostsFile);
      expect(result.status, `${host.name}: ${result.stderr}`).to.equal(0);
    }
  });

  it('fails OpenSSH host key checks without its known_hosts', async () => {
    const empty = path.join(lab.stateDir, `${unique}-empty-known-hosts`);
    writeFileSync(empty, '');
    const result = await openSsh(lab, lab.hosts[0].address, empty);
    expect(result.status).to.equal(255);
    expect(result.stderr).to.match(/Host key verification failed/);
  });

  it('writes an Ansible YAML inventory of its hosts', () => {
    const inventory = parse(readFileSync(lab.inventoryFile, 'utf8'));
    expect(inventory.all.vars).to.deep.equal({
      ansible_user: 'root',
      ansible_ssh_private_key_file: lab.privateKeyFile,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${lab.knownHostsFile}`,
      skprun_known_hosts_file: lab.knownHostsFile,
      lab_shared_dir: lab.sharedDir,
    });
    expect(inventory.all.hosts.c02).to.deep.equal({
      ansible_host: lab.hosts[1].address,
      ansible_port: 22,
    });
    expect(Object.keys(inventory.all.children.registry.hosts)).to.deep.equal(['c01', 'c02', 'c03']);
    expect(Object.keys(inventory.all.children.master.hosts)).to.deep.equal(['c01']);
  });

  it('gives root a home of its own with empty start files', async () => {
    const home = await run('c01', 'echo $HOME');
    expect(home.startsWith(`${lab.stateDir}/`), home).to.equal(true);
    expect(await run('c01', 'wc -c < ~/.bashrc')).to.equal('0');
    expect(await run('c01', 'getent passwd root | cut -d: -f6')).to.equal(home);
    expect(readFileSync('/etc/passwd', 'utf8')).not.to.include(home);
  });

  it('replaces /etc/exports by rename inside one host only', async () => {
    const machineExports = readFileSync('/etc/exports', 'utf8');
    const c02Exports = await run('c02', 'cat /etc/exports');
    const line = `/srv/${unique} 127.0.0.1(ro,no_subtree_check)`;
    await run(
      'c01',
      `cp /etc/exports /etc/exports.${unique} && echo '${line}' > /etc/exports.new && mv /etc/exports.new /etc/exports`,
    );
    try {
      expect(await run('c01', 'tail -n 1 /etc/exports')).to.equal(line);
      expect(readFileSync('/etc/exports', 'utf8')).to.equal(machineExports);
      expect(await run('c02', 'cat /etc/exports')).to.equal(c02Exports);
    } finally {
      await run('c01', `mv /etc/exports.${unique} /etc/exports`);
    }
  });

  it('keeps /run and /var/lib/nfs private to each host', async () => {
    for (const dir of ['/run', '/var/lib/nfs']) {
      const file = `${dir}/${unique}`;
      await run('c01', `touch ${file}`);
      try {
        expect(existsSync(file), `machine ${file}`).to.equal(false);
        expect(
          await run('c02', `test -e ${file} && echo present || echo absent`),
          `c02 ${file}`,
        ).to.equal('absent');
      } finally {
        await run('c01', `rm -f ${file}`);
      }
    }
  });

  it('shows the shared folder at the same path on every host', async () => {
    const file = path.join(lab.sharedDir, unique);
    await run('c01', `echo from-c01 > ${file}`);
    try {
      expect(await run('c02', `cat ${file}`)).to.equal('from-c01');
      expect(await run('c03', `cat ${file}`)).to.equal('from-c01');
      expect(readFileSync(file, 'utf8')).to.equal('from-c01\n');
    } finally {
      await run('c01', `rm -f ${file}`);
    }
  });

  it('runs a Docker engine per host behind /var/run/docker.sock', async () => {
    const ids = new Set<string>();
    for (const host of lab.hosts) {
      expect(await run(host.name, 'test -S /var/run/docker.sock && echo socket')).to.equal(
        'socket',
      );
      expect(await run(host.name, "docker info --format '{{.Name}}'"), host.name).to.equal(
        host.name,
      );
      ids.add(await run(host.name, "docker info --format '{{.ID}}'"));
      const insecure = await run(
        host.name,
        "docker info --format '{{json .RegistryConfig.InsecureRegistryCIDRs}}'",
      );
      expect(JSON.parse(insecure), host.name).to.include('127.0.0.0/8');
      const images = (
        await run(host.name, "docker images --format '{{.Repository}}:{{.Tag}}'")
      ).split('\n');
      expect(images, host.name).to.include.members(['registry:2', 'busybox:latest']);
    }
    expect(ids.size).to.equal(lab.hosts.length);
  });

  it('publishes container ports on the host address without collisions', async () => {
    const [c01, c02] = lab.hosts;
    const web = (name: string) =>
      `docker run -d --name ${unique}-web -p 18080:8080 busybox sh -c 'echo ${name} > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'`;
    await Promise.all([run('c01', web('c01')), run('c02', web('c02'))]);
    try {
      for (const host of [c01, c02]) {
        expect(await run(host.name, `docker port ${unique}-web 8080`)).to.equal(
          `${host.address}:18080`,
        );
        const body = await fetchWithRetry(`http://${host.address}:18080/`);
        expect(body.trim(), host.name).to.equal(host.name);
      }
    } finally {
      await Promise.all([
        run('c01', `docker rm -f ${unique}-web`),
        run('c02', `docker rm -f ${unique}-web`),
      ]);
    }
  });

  it('creates user-defined networks on two engines at once', async () => {
    const network = `${unique}-net`;
    const create = `docker network create ${network} > /dev/null && docker network inspect ${network} --format '{{(index .IPAM.Config 0).Subnet}}'`;
    const subnets = await Promise.all([run('c01', create), run('c02', create)]);
    try {
      expect(subnets[0]).to.not.equal(subnets[1]);
      for (const host of ['c01', 'c02']) {
        const address = await run(
          host,
          `docker run --rm --network ${network} busybox sh -c "ip -4 -o addr show eth0"`,
        );
        expect(address, host).to.match(/inet 10\./);
      }
    } finally {
      await Promise.all([
        run('c01', `docker network rm ${network}`),
        run('c02', `docker network rm ${network}`),
      ]);
    }
  });
});

/** Fetches a URL, retrying while the server in a fresh container starts. */
async function fetchWithRetry(url: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.text();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer with 200 within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
