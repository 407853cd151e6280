import { expect } from 'chai';
import type { Connection } from '../../src/connection/connection.js';
import service, { planService, serviceReadCommand, type ServiceArgs } from '../../src/modules/service.js';
import { detachedCommand } from '../../src/modules/service/control.js';
import { isFailure, type ServiceOutcome, type ServicePlan } from '../../src/modules/service/plan.js';
import { planSysv, runsByPattern, runsByStatus, type SysvRequest } from '../../src/modules/service/sysv-plan.js';
import { parseSysvFacts, type SysvFacts } from '../../src/modules/service/sysv-state.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';
import { ShellConnection } from './files/shell-connection.js';

/** Facts of a SysV host with an init script, the service command and update-rc.d. */
function sysvFacts(fields: Partial<SysvFacts> = {}): SysvFacts {
  return { initScript: true, hasServiceCommand: true, hasUpdateRcd: true, startLinks: false, killLinks: false, ...fields };
}

const running = { output: 'nginx is running.\n', exitCode: 0 };
const stopped = { output: 'nginx is not running ... failed!\n', exitCode: 3 };
const request = (fields: Partial<SysvRequest>): SysvRequest => ({ name: 'nginx', arguments: [], ...fields });

function plan(outcome: ServiceOutcome): ServicePlan {
  if (isFailure(outcome)) throw new Error(`expected a plan, got the failure: ${outcome.failure}`);
  return outcome;
}

const commands = (outcome: ServiceOutcome) => plan(outcome).steps.map((step) => step.argv.join(' '));

describe('service planSysv', () => {
  // prettier-ignore
  const cases: { name: string; request: Partial<SysvRequest>; facts: SysvFacts; commands: string[] }[] = [
    { name: 'starts a stopped service', request: { state: 'started' }, facts: sysvFacts({ status: stopped }), commands: ['service nginx start'] },
    { name: 'keeps a running service', request: { state: 'started' }, facts: sysvFacts({ status: running }), commands: [] },
    { name: 'stops a running service', request: { state: 'stopped' }, facts: sysvFacts({ status: running }), commands: ['service nginx stop'] },
    { name: 'keeps a stopped service', request: { state: 'stopped' }, facts: sysvFacts({ status: stopped }), commands: [] },
    { name: 'restarts with a stop and a start', request: { state: 'restarted' }, facts: sysvFacts({ status: running }), commands: ['service nginx stop', 'service nginx start'] },
    { name: 'reloads a running service', request: { state: 'reloaded' }, facts: sysvFacts({ status: running }), commands: ['service nginx reload'] },
    { name: 'starts a stopped service to reload it', request: { state: 'reloaded' }, facts: sysvFacts({ status: stopped }), commands: ['service nginx start'] },
    { name: 'runs the script without the service command', request: { state: 'started' }, facts: sysvFacts({ status: stopped, hasServiceCommand: false }), commands: ['/etc/init.d/nginx start'] },
    { name: 'passes arguments to the script', request: { state: 'started', arguments: ['--quiet'] }, facts: sysvFacts({ status: stopped }), commands: ['service nginx start --quiet'] },
    { name: 'makes the links of a new service', request: { enabled: true }, facts: sysvFacts(), commands: ['update-rc.d nginx defaults', 'update-rc.d nginx enable'] },
    { name: 'turns stop links into start links', request: { enabled: true }, facts: sysvFacts({ killLinks: true }), commands: ['update-rc.d nginx enable'] },
    { name: 'keeps an enabled service', request: { enabled: true }, facts: sysvFacts({ startLinks: true }), commands: [] },
    { name: 'disables an enabled service', request: { enabled: false }, facts: sysvFacts({ startLinks: true }), commands: ['update-rc.d nginx disable'] },
    { name: 'enables before it starts', request: { enabled: true, state: 'started' }, facts: sysvFacts({ killLinks: true, status: stopped }), commands: ['update-rc.d nginx enable', 'service nginx start'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(commands(planSysv(request(c.request), c.facts, 'c01'))).to.deep.equal(c.commands);
    });
  }

  it('lets the stop of a restart fail and sleeps after it', () => {
    const [stop, start] = plan(planSysv(request({ state: 'restarted', sleep: 2 }), sysvFacts({ status: running }), 'c01')).steps;
    expect(stop).to.include({ mayFail: true, sleepAfter: 2, detached: true });
    expect(start).to.not.have.property('mayFail');
  });

  it('says what is already as requested', () => {
    const outcome = plan(planSysv(request({ enabled: true, state: 'started' }), sysvFacts({ startLinks: true, status: running }), 'c01'));
    expect(outcome.satisfied).to.deep.equal(['enabled', 'running']);
    expect(outcome.returned).to.deep.equal({ name: 'nginx', enabled: true, state: 'started' });
  });

  it('fails for a service without an init script', () => {
    expect(planSysv(request({ state: 'started' }), sysvFacts({ initScript: false }), 'c01')).to.deep.equal({
      failure: 'could not find the requested service nginx on c01: systemd is not running there (no /run/systemd/system), and there is no init script /etc/init.d/nginx',
    });
  });

  it('names everything it looked for on a host with no manager', () => {
    const facts = sysvFacts({ initScript: false, hasServiceCommand: false });
    expect(planSysv(request({ state: 'started' }), facts, 'c01')).to.deep.equal({
      failure: 'no service manager found on c01 for nginx: systemd is not running there (no /run/systemd/system), and there is no init script /etc/init.d/nginx and no service command',
    });
  });

  it('fails when the status cannot tell', () => {
    const facts = sysvFacts({ status: { output: 'usage: nginx {start|stop}\nmore\n', exitCode: 5 } });
    expect(planSysv(request({ state: 'started' }), facts, 'c01')).to.deep.equal({
      failure: 'cannot tell whether nginx runs on c01 (status exited 5: usage: nginx {start|stop}); set pattern to a part of its command line to find it in the process list',
    });
  });

  it('fails to enable without update-rc.d', () => {
    expect(planSysv(request({ enabled: true }), sysvFacts({ hasUpdateRcd: false }), 'c01')).to.deep.equal({ failure: 'enabled needs update-rc.d on c01, which was not found' });
  });
});

describe('service runsByStatus', () => {
  // prettier-ignore
  const cases: [string, string, number, boolean | undefined][] = [
    ['exit 0', '', 0, true],
    ['LSB exit 3', 'whatever', 3, false],
    ['LSB exit 1', '', 1, false],
    ['a one-line "stopped"', 'nginx stopped', 0, false],
    ['a one-line "is running"', 'nginx is running', 5, true],
    ['a one-line "not running"', 'nginx is not running', 5, false],
    ['a one-line "started"', 'started', 7, true],
    ['a dead process with a pid file', 'nginx dead but pid file exists', 7, false],
    ['several lines and exit 5', 'a\nrunning\n', 5, undefined],
  ];
  for (const [name, output, exitCode, expected] of cases) {
    it(`reads ${name}`, () => {
      expect(runsByStatus('nginx', { output, exitCode })).to.equal(expected);
    });
  }

  it('ignores the service name in the output', () => {
    expect(runsByStatus('runner', { output: 'runner: unknown', exitCode: 9 })).to.equal(undefined);
  });
});

describe('service runsByPattern', () => {
  const processes = [
    { pid: 1, ppid: 0, args: '/sbin/init' },
    { pid: 50, ppid: 1, args: 'sshd: root@notty' },
    { pid: 51, ppid: 50, args: "sudo sh -c 'ps ... nginx: master'" },
    { pid: 52, ppid: 51, args: "sh -c 'ps ... nginx: master'" },
    { pid: 53, ppid: 52, args: "sh -c 'ps ... nginx: master'" },
    { pid: 54, ppid: 53, args: 'ps -e -o pid= -o ppid= -o args=' },
  ];

  it('skips the read command and its ancestors and children', () => {
    expect(runsByPattern(sysvFacts({ processes, shellPid: 52 }), 'nginx: master')).to.equal(false);
  });

  it('finds the service among other processes', () => {
    const withService = [...processes, { pid: 70, ppid: 1, args: 'nginx: master process /usr/sbin/nginx' }];
    expect(runsByPattern(sysvFacts({ processes: withService, shellPid: 52 }), 'nginx: master')).to.equal(true);
  });
});

describe('service read command', () => {
  const conn = new ShellConnection();

  it('leaves its own shell out of the pattern matches', async () => {
    // The read script contains the service name, so a pattern equal to it matches the script's shell.
    const args: ServiceArgs = { name: `skprun-pattern-${runId}`, state: 'started', pattern: `skprun-pattern-${runId}`, use: 'sysvinit' };
    const output = (await conn.exec(serviceReadCommand(args, []))).stdout;
    const facts = parseSysvFacts(output);
    expect(facts.processes?.length).to.be.greaterThan(1);
    expect(facts.processes?.some((entry) => entry.args.includes(args.pattern!))).to.equal(true);
    expect(runsByPattern(facts, args.pattern!)).to.equal(false);
  });

  it('takes the systemd planner when systemd runs', () => {
    const output = 'manager systemd\nsystemctl\nbooted\n@@begin show\nLoadState=loaded\nActiveState=inactive\n@@end show 0\n@@begin is-enabled\ndisabled\n@@end is-enabled 1\n';
    expect(commands(planService({ name: 'nginx', state: 'started' }, [], output, 'c01'))).to.deep.equal(['systemctl start -- nginx']);
  });

  it('keeps the output of a detached command', async () => {
    const result = await conn.exec(detachedCommand(['sh', '-c', 'echo started; echo warning >&2; exit 4']));
    expect(result).to.include({ exitCode: 4, stdout: 'started\nwarning\n' });
  });
});

const initScript = (name: string) => `#!/bin/sh
### BEGIN INIT INFO
# Provides:          ${name}
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: skprun test service
### END INIT INFO
pidfile=/run/${name}.pid
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
case "$1" in
  start) running || { bash -c 'exec -a ${name}-daemon sleep 600' >/dev/null 2>&1 & echo $! > "$pidfile"; } ;;
  stop) if running; then kill "$(cat "$pidfile")"; fi; rm -f "$pidfile" ;;
  status) if running; then echo "${name} is running"; else echo "${name} is not running"; exit 3; fi ;;
  reload) running ;;
  *) echo "usage: $0 start|stop|status|reload"; exit 2 ;;
esac
`;

describe('service on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const name = `skprun-svc-${runId}`;
  const pid = async () => (await conn.exec(`cat /run/${name}.pid 2>/dev/null`)).stdout.trim();
  const isRunning = async () => (await conn.exec(`kill -0 "$(cat /run/${name}.pid)" 2>/dev/null`)).exitCode === 0;

  before(async () => {
    conn = await connectLabHost('c02');
    const written = await conn.exec(`cat > /etc/init.d/${name} && chmod 0755 /etc/init.d/${name}`, { stdin: initScript(name) });
    expect(written.exitCode).to.equal(0);
  });
  after(async () => {
    await conn.exec(`/etc/init.d/${name} stop; rm -f /etc/init.d/${name} /etc/rc?.d/[SK]??${name}`);
  });

  it('fails clearly for a service the host does not have', async () => {
    const result = await runModule(service, conn, { name: `${name}-missing`, state: 'started' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal(
      `service: could not find the requested service ${name}-missing on c02: systemd is not running there ` +
        `(no /run/systemd/system), and there is no init script /etc/init.d/${name}-missing`,
    );
  });

  it('fails clearly when told to use systemd', async () => {
    const result = await runModule(service, conn, { name, state: 'started', use: 'systemd' });
    expect(result.msg).to.match(/^service: systemd is not running on c02 \(no \/run\/systemd\/system\), so systemctl cannot start/);
  });

  it('check mode starts nothing', async () => {
    const result = await runModule(service, conn, { name, state: 'started' }, { check: true });
    expect(result).to.include({ changed: true, msg: `${name}: started` });
    expect(await isRunning()).to.equal(false);
  });

  it('starts the service, then reports ok', async () => {
    const result = await runModule(service, conn, { name, state: 'started' });
    expect(result).to.include({ changed: true, state: 'started' });
    expect(await isRunning()).to.equal(true);
    const again = await runModule(service, conn, { name, state: 'started' });
    expect(again).to.include({ changed: false, msg: `${name} is running` });
  });

  it('restarts the service with a new process', async () => {
    const before = await pid();
    expect((await runModule(service, conn, { name, state: 'restarted' })).changed).to.equal(true);
    expect(await isRunning()).to.equal(true);
    expect(await pid()).to.not.equal(before);
  });

  it('finds the service by pattern', async () => {
    const result = await runModule(service, conn, { name, state: 'started', pattern: `${name}-daemon` });
    expect(result.changed).to.equal(false);
  });

  it('check mode stops nothing', async () => {
    expect((await runModule(service, conn, { name, state: 'stopped' }, { check: true })).changed).to.equal(true);
    expect(await isRunning()).to.equal(true);
  });

  it('stops the service, then reports ok', async () => {
    expect((await runModule(service, conn, { name, state: 'stopped', pattern: `${name}-daemon` })).changed).to.equal(true);
    expect(await isRunning()).to.equal(false);
    expect((await runModule(service, conn, { name, state: 'stopped' })).changed).to.equal(false);
  });

  it('enables and disables it with update-rc.d', async () => {
    const enabled = await runModule(service, conn, { name, enabled: true });
    expect(enabled).to.include({ changed: true, enabled: true });
    expect((await conn.exec(`ls /etc/rc2.d/S??${name}`)).exitCode).to.equal(0);
    expect((await runModule(service, conn, { name, enabled: true })).changed).to.equal(false);

    expect((await runModule(service, conn, { name, enabled: false })).changed).to.equal(true);
    expect((await conn.exec(`ls /etc/rc2.d/S??${name}`)).exitCode).to.not.equal(0);
    expect((await runModule(service, conn, { name, enabled: false })).changed).to.equal(false);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(service, conn, { name, state: 'running' }).catch((e: Error) => (error = e));
    expect(error?.message).to.equal('invalid arguments for service: state: should be one of started, stopped, restarted, reloaded');
  });
});
