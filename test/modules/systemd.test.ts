import { expect } from 'chai';
import type { Connection } from '../../src/connection/connection.js';
import { isFailure, describePlan, type ServiceOutcome, type ServicePlan } from '../../src/modules/service/plan.js';
import { parseSections, section } from '../../src/modules/service/sections.js';
import { isUnitEnabled, planSystemd, stateVerb, type SystemdRequest } from '../../src/modules/service/systemd-plan.js';
import { parseSystemctlShow, parseSystemdFacts, systemdReadLines, type SystemdFacts } from '../../src/modules/service/systemd-state.js';
import systemd from '../../src/modules/systemd.js';
import { loadModule } from '../../src/modules/registry.js';
import { connectLabHost } from '../support/lab.js';
import { runModule, runId } from './docker/lab-helpers.js';
import { ShellConnection } from './files/shell-connection.js';

const NOT_BOOTED = 'System has not been booted with systemd as init system (PID 1). Can\'t operate.\nFailed to connect to bus: Host is down';

/** Facts of a unit on a host that systemd runs, with the given properties and is-enabled output. */
function unitFacts(properties: Record<string, string>, enabled: string, enabledExit = enabled === 'disabled' ? 1 : 0): SystemdFacts {
  const show = Object.entries(properties).map(([key, value]) => `${key}=${value}`).join('\n');
  return {
    hasSystemctl: true,
    booted: true,
    show: { output: show, exitCode: 0 },
    properties,
    isEnabled: { output: enabled, exitCode: enabledExit },
    initScript: false,
    sysvEnabled: false,
  };
}

/** Facts on a host where systemctl exists but systemd does not run (the lab, a container, a chroot). */
function offlineFacts(enabled: string, enabledExit: number): SystemdFacts {
  return {
    hasSystemctl: true,
    booted: false,
    show: { output: NOT_BOOTED, exitCode: 1 },
    properties: {},
    isEnabled: { output: enabled, exitCode: enabledExit },
    initScript: false,
    sysvEnabled: false,
  };
}

const request = (fields: Partial<SystemdRequest>): SystemdRequest => ({ name: 'nginx', scope: 'system', noBlock: false, force: false, ...fields });
const active = { LoadState: 'loaded', ActiveState: 'active', SubState: 'running', UnitFileState: 'enabled' };
const inactive = { LoadState: 'loaded', ActiveState: 'inactive', SubState: 'dead', UnitFileState: 'disabled' };

function plan(outcome: ServiceOutcome): ServicePlan {
  if (isFailure(outcome)) throw new Error(`expected a plan, got the failure: ${outcome.failure}`);
  return outcome;
}

const commands = (outcome: ServiceOutcome) => plan(outcome).steps.map((step) => step.argv.join(' '));

describe('systemd planSystemd', () => {
  // prettier-ignore
  const cases: { name: string; request: Partial<SystemdRequest>; facts: SystemdFacts; commands: string[]; satisfied?: string[] }[] = [
    { name: 'starts an inactive unit', request: { state: 'started' }, facts: unitFacts(inactive, 'disabled'), commands: ['systemctl start -- nginx'] },
    { name: 'keeps a running unit', request: { state: 'started' }, facts: unitFacts(active, 'enabled'), commands: [], satisfied: ['running'] },
    { name: 'stops a running unit', request: { state: 'stopped' }, facts: unitFacts(active, 'enabled'), commands: ['systemctl stop -- nginx'] },
    { name: 'stops a deactivating unit', request: { state: 'stopped' }, facts: unitFacts({ ...active, ActiveState: 'deactivating' }, 'enabled'), commands: ['systemctl stop -- nginx'] },
    { name: 'keeps a stopped unit', request: { state: 'stopped' }, facts: unitFacts(inactive, 'disabled'), commands: [], satisfied: ['stopped'] },
    { name: 'restarts a running unit every time', request: { state: 'restarted' }, facts: unitFacts(active, 'enabled'), commands: ['systemctl restart -- nginx'] },
    { name: 'starts a stopped unit to restart it', request: { state: 'restarted' }, facts: unitFacts(inactive, 'disabled'), commands: ['systemctl start -- nginx'] },
    { name: 'reloads a running unit', request: { state: 'reloaded' }, facts: unitFacts(active, 'enabled'), commands: ['systemctl reload -- nginx'] },
    { name: 'enables a disabled unit', request: { enabled: true }, facts: unitFacts(inactive, 'disabled'), commands: ['systemctl enable -- nginx'] },
    { name: 'keeps an enabled unit', request: { enabled: true }, facts: unitFacts(active, 'enabled'), commands: [], satisfied: ['enabled'] },
    { name: 'reads a static unit as enabled', request: { enabled: true }, facts: unitFacts(active, 'static'), commands: [], satisfied: ['enabled'] },
    { name: 'reads an indirect unit as disabled', request: { enabled: true }, facts: unitFacts(active, 'indirect'), commands: ['systemctl enable -- nginx'] },
    { name: 'masks before enabling and starting', request: { masked: false, enabled: true, state: 'started' }, facts: unitFacts({ ...inactive, LoadState: 'masked' }, 'masked', 1), commands: ['systemctl unmask -- nginx', 'systemctl enable -- nginx', 'systemctl start -- nginx'] },
    { name: 'masks an unmasked unit', request: { masked: true }, facts: unitFacts(inactive, 'disabled'), commands: ['systemctl mask -- nginx'] },
    { name: 'passes scope, no_block and force', request: { state: 'started', enabled: true, scope: 'user', noBlock: true, force: true }, facts: unitFacts(inactive, 'disabled'), commands: ['systemctl --user --force enable -- nginx', 'systemctl --user --no-block start -- nginx'] },
    { name: 'enables a unit where systemd does not run', request: { enabled: true }, facts: offlineFacts('disabled', 1), commands: ['systemctl enable -- nginx'] },
    { name: 'keeps an enabled unit where systemd does not run', request: { enabled: true }, facts: offlineFacts('enabled', 0), commands: [], satisfied: ['enabled'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const outcome = planSystemd(request(c.request), c.facts, 'c01');
      expect(commands(outcome)).to.deep.equal(c.commands);
      if (c.satisfied) expect(plan(outcome).satisfied).to.deep.equal(c.satisfied);
    });
  }

  it('returns state and enabled as Ansible does', () => {
    const outcome = plan(planSystemd(request({ state: 'restarted', enabled: true }), unitFacts(active, 'enabled'), 'c01'));
    expect(outcome.returned).to.deep.include({ name: 'nginx', state: 'started', enabled: true, status: active });
  });

  it('fails to start where systemd does not run', () => {
    const outcome = planSystemd(request({ state: 'started' }), offlineFacts('enabled', 0), 'c01');
    expect(outcome).to.deep.equal({
      failure:
        'systemd is not running on c01 (no /run/systemd/system), so systemctl cannot start nginx: ' +
        'systemctl said "System has not been booted with systemd as init system (PID 1). Can\'t operate."; ' +
        'the service module falls back to the SysV init scripts on such hosts',
    });
  });

  it('fails without systemctl', () => {
    const facts = { ...unitFacts(active, 'enabled'), hasSystemctl: false };
    expect(planSystemd(request({ state: 'started' }), facts, 'c01')).to.deep.equal({ failure: 'systemctl not found on c01: the host is not managed by systemd' });
  });

  it('fails for a unit systemd does not have', () => {
    const facts = unitFacts({ LoadState: 'not-found', ActiveState: 'inactive' }, '', 1);
    const outcome = planSystemd(request({ enabled: true }), facts, 'c01');
    expect(outcome).to.deep.equal({ failure: 'could not find the requested service nginx on c01: systemd has no such unit and there is no /etc/init.d/nginx' });
  });

  it('fails for a unit file that does not load', () => {
    const facts = unitFacts({ LoadState: 'error', ActiveState: 'inactive', LoadError: 'org.freedesktop.systemd1.BadUnitSetting "bad"' }, 'bad', 1);
    expect(planSystemd(request({ state: 'started' }), facts, 'c01')).to.deep.equal({ failure: `error loading unit file 'nginx': org.freedesktop.systemd1.BadUnitSetting "bad"` });
  });

  it('fails when daemon-reload fails', () => {
    const facts = { ...offlineFacts('enabled', 0), daemonReload: { output: NOT_BOOTED, exitCode: 1 } };
    const outcome = planSystemd(request({ name: undefined }), facts, 'c01');
    expect(outcome).to.have.property('failure').that.match(/^systemd is not running on c01 .* cannot run daemon-reload: systemctl said "System has not been booted/);
  });

  it('plans nothing for a reload alone', () => {
    const facts = { ...unitFacts(active, 'enabled'), daemonReload: { output: '', exitCode: 0 } };
    expect(planSystemd(request({ name: undefined }), facts, 'c01')).to.deep.equal({ steps: [], satisfied: [], returned: {} });
  });
});

describe('systemd facts', () => {
  it('reads a SysV script that is enabled through its links', () => {
    const facts = { ...offlineFacts('', 1), initScript: true, sysvEnabled: true };
    expect(isUnitEnabled(facts, 'system')).to.equal(true);
    expect(isUnitEnabled(facts, 'user')).to.equal(false);
  });

  it('chooses the verb for each state', () => {
    expect(stateVerb('started', 'activating')).to.equal(undefined);
    expect(stateVerb('reloaded', 'inactive')).to.equal('start');
    expect(stateVerb('stopped', 'failed')).to.equal(undefined);
  });

  it('parses multi-line values of systemctl show', () => {
    const output = 'Id=nginx.service\nExecStart={ path=/usr/sbin/nginx ;\n argv[]=/usr/sbin/nginx ; }\nActiveState=active\nEmpty=';
    expect(parseSystemctlShow(output)).to.deep.equal({
      Id: 'nginx.service',
      ExecStart: '{ path=/usr/sbin/nginx ;\n argv[]=/usr/sbin/nginx ; }',
      ActiveState: 'active',
      Empty: '',
    });
  });

  it('keeps sections apart from fact lines', () => {
    const parsed = parseSections('systemctl\n@@begin show\nA=1\n\n@@end show 0\n@@begin is-enabled\nenabled\n@@end is-enabled 0\ninitscript\n');
    expect([...parsed.facts.keys()]).to.deep.equal(['systemctl', 'initscript']);
    expect(parsed.sections.get('show')).to.deep.equal({ output: 'A=1\n', exitCode: 0 });
    expect(parsed.sections.get('is-enabled')).to.deep.equal({ output: 'enabled', exitCode: 0 });
  });

  it('frames a real command as a section', async () => {
    const conn = new ShellConnection();
    const result = await conn.exec([section('a', "printf 'x\\n'; echo oops >&2; exit 3"), section('b', 'printf y')].join('\n'));
    const { sections } = parseSections(result.stdout);
    expect(sections.get('a')).to.deep.equal({ output: 'x\noops\n', exitCode: 3 });
    expect(sections.get('b')).to.deep.equal({ output: 'y', exitCode: 0 });
  });

  it('quotes the unit name in the read command', () => {
    const lines = systemdReadLines({ name: "x'; reboot", scope: 'system', daemonReload: false, daemonReexec: false });
    expect(lines.join('\n')).to.include(`systemctl show -- 'x'\\''; reboot'`);
  });

  it('describes a plan in one line', () => {
    const outcome = plan(planSystemd(request({ state: 'started', enabled: true }), unitFacts(inactive, 'enabled'), 'c01'));
    expect(describePlan('nginx', outcome)).to.equal('nginx: started; already enabled');
  });

  it('answers to every Ansible name', async () => {
    for (const name of ['systemd_service', 'ansible.builtin.systemd', 'ansible.builtin.systemd_service', 'ansible.legacy.systemd_service']) {
      expect(await loadModule(name), name).to.equal(systemd);
    }
  });
});

describe('systemd on a lab host @lab', function () {
  this.timeout(180_000);
  let conn: Connection;
  const unit = `skprun-test-${runId}`;
  const unitFile = `/etc/systemd/system/${unit}.service`;
  const wanted = `/etc/systemd/system/multi-user.target.wants/${unit}.service`;
  const isLink = async (file: string) => (await conn.exec(`test -L ${file}`)).exitCode === 0;

  before(async () => {
    conn = await connectLabHost('c01');
    const text = '[Unit]\nDescription=skprun test unit\n[Service]\nExecStart=/bin/sleep 600\n[Install]\nWantedBy=multi-user.target\n';
    await conn.exec(`printf '%s' '${text}' > ${unitFile}`);
  });
  after(async () => {
    await conn.exec(`rm -f ${unitFile} ${wanted} /etc/systemd/system/${unit}-masked.service`);
  });

  it('reads the facts with one command', async () => {
    const output = await conn.exec(systemdReadLines({ name: unit, scope: 'system', daemonReload: false, daemonReexec: false }).join('\n'));
    const facts = parseSystemdFacts(output.stdout);
    expect(facts).to.include({ hasSystemctl: true, booted: false, initScript: false });
    expect(facts.isEnabled).to.deep.equal({ output: 'disabled\n', exitCode: 1 });
  });

  it('fails clearly to start a unit, since systemd does not run there', async () => {
    const result = await runModule(systemd, conn, { name: unit, state: 'started' });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.equal(
      `systemd: systemd is not running on c01 (no /run/systemd/system), so systemctl cannot start ${unit}: ` +
        'systemctl said "System has not been booted with systemd as init system (PID 1). Can\'t operate."; ' +
        'the service module falls back to the SysV init scripts on such hosts',
    );
  });

  it('fails clearly on daemon_reload', async () => {
    const result = await runModule(systemd, conn, { daemon_reload: true });
    expect(result.failed).to.equal(true);
    expect(result.msg).to.match(/^systemd: systemd is not running on c01 .* cannot run daemon-reload/);
  });

  it('check mode enables nothing', async () => {
    const result = await runModule(systemd, conn, { name: unit, enabled: true }, { check: true });
    expect(result.changed).to.equal(true);
    expect(await isLink(wanted)).to.equal(false);
  });

  it('enables the unit offline, then reports ok', async () => {
    const result = await runModule(systemd, conn, { name: unit, enabled: true });
    expect(result).to.include({ changed: true, msg: `${unit}: enabled`, enabled: true });
    expect(await isLink(wanted)).to.equal(true);
    const again = await runModule(systemd, conn, { name: unit, enabled: true });
    expect(again).to.include({ changed: false, msg: `${unit} is enabled` });
  });

  // systemctl refuses to mask a unit whose file is in /etc, so this masks a name without one.
  it('masks and unmasks a unit name', async () => {
    const masked = `${unit}-masked`;
    expect((await runModule(systemd, conn, { name: masked, masked: true })).changed).to.equal(true);
    expect(await isLink(`/etc/systemd/system/${masked}.service`)).to.equal(true);
    expect((await runModule(systemd, conn, { name: masked, masked: true })).changed).to.equal(false);
    expect((await runModule(systemd, conn, { name: masked, masked: false })).changed).to.equal(true);
    expect(await isLink(`/etc/systemd/system/${masked}.service`)).to.equal(false);
  });

  it('disables the unit', async () => {
    const result = await runModule(systemd, conn, { name: unit, enabled: false });
    expect(result).to.include({ changed: true, msg: `${unit}: disabled` });
    expect(await isLink(wanted)).to.equal(false);
  });

  it('fails for a unit that does not exist', async () => {
    const result = await runModule(systemd, conn, { name: `${unit}-missing`, enabled: true });
    expect(result.msg).to.equal(`systemd: could not find the requested service ${unit}-missing on c01: systemd has no such unit and there is no /etc/init.d/${unit}-missing`);
  });

  it('rejects bad arguments before running', async () => {
    let error: Error | undefined;
    await runModule(systemd, conn, { state: 'started' }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/^invalid arguments for systemd: .*must have required property 'name'/);
  });
});
