/**
 * wait_for: waits until a port opens or closes, a file appears or goes, or
 * (a skprun extension) a URL replies with an expected status, as Ansible's
 * wait_for does. `host` is seen from the target, because the polling loop
 * runs there in one remote command: one round trip however long the wait.
 * A URL is requested through the host's connection instead where its SSH
 * server forwards connections (wait/url-wait.ts), still from the host.
 */
import { quote, shellJoin } from '../connection/quote.js';
import { failure, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { runChecked } from './remote.js';
import { waitForUrlThroughHost } from './wait/url-wait.js';

export interface WaitForArgs {
  /** Host to probe, as the target resolves it (default 127.0.0.1). */
  host?: string;
  port?: number;
  path?: string;
  /** An extended regular expression (grep -E) that the file must contain. */
  search_regex?: string;
  /** started/present wait for it to be there, stopped/absent for it to be gone. */
  state?: 'started' | 'stopped' | 'present' | 'absent';
  /** Seconds to wait at most (default 300). */
  timeout?: number;
  /** Seconds to wait before the first probe (default 0). */
  delay?: number;
  /** Seconds between probes (default 1). */
  sleep?: number;
  /** Seconds one connection attempt may take (default 5). */
  connect_timeout?: number;
  /** The failure message instead of the default one. */
  msg?: string;
  /** skprun: an http(s) URL to request from the target with curl or wget. */
  url?: string;
  /** skprun: the statuses that count as ready for `url` (default 200). */
  status_code?: number | number[];
  /** skprun: checks the TLS certificate of an https `url` (default true). */
  validate_certs?: boolean;
}

const seconds = { type: 'number', minimum: 0 };

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    host: { type: 'string', pattern: '^[^\\s/]+$' },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    path: { type: 'string', minLength: 1 },
    search_regex: { type: 'string', minLength: 1 },
    state: { enum: ['started', 'stopped', 'present', 'absent'] },
    timeout: seconds,
    delay: seconds,
    sleep: seconds,
    connect_timeout: seconds,
    msg: { type: 'string' },
    url: { type: 'string', pattern: '^https?://[^\\s]+$' },
    status_code: {
      anyOf: [
        { type: 'integer', minimum: 100, maximum: 599 },
        { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1 },
      ],
    },
    validate_certs: { type: 'boolean' },
  },
};

export type WaitTarget =
  | { kind: 'port'; host: string; port: number }
  | { kind: 'path'; path: string; searchRegex?: string }
  | { kind: 'url'; url: string; statusCodes: number[]; validateCerts: boolean }
  | { kind: 'time' };

export interface WaitPlan {
  target: WaitTarget;
  /** Wait for the thing to be there (true) or to be gone (false). */
  present: boolean;
  timeout: number;
  delay: number;
  sleep: number;
  connectTimeout: number;
}

/** Checks the argument combination and names what to wait for. */
export function planWait(args: WaitForArgs): WaitPlan | string {
  const given = [args.port !== undefined && 'port', args.path !== undefined && 'path', args.url !== undefined && 'url'];
  const targets = given.filter((g): g is string => g !== false);
  if (targets.length > 1) return `${targets.join(' and ')} are mutually exclusive`;
  if (args.search_regex !== undefined && args.path === undefined) {
    return 'search_regex is supported with path only (skprun does not read from ports)';
  }
  if (args.status_code !== undefined && args.url === undefined) return 'status_code needs url';

  const plan = {
    present: args.state !== 'stopped' && args.state !== 'absent',
    timeout: args.timeout ?? 300,
    delay: args.delay ?? 0,
    sleep: args.sleep ?? 1,
    connectTimeout: args.connect_timeout ?? 5,
  };
  if (args.port !== undefined) return { ...plan, target: { kind: 'port', host: args.host ?? '127.0.0.1', port: args.port } };
  if (args.path !== undefined) return { ...plan, target: { kind: 'path', path: args.path, searchRegex: args.search_regex } };
  if (args.url !== undefined) {
    const codes = args.status_code === undefined ? [200] : [args.status_code].flat();
    return { ...plan, target: { kind: 'url', url: args.url, statusCodes: codes, validateCerts: args.validate_certs ?? true } };
  }
  return { ...plan, target: { kind: 'time' } };
}

/** Shell lines that define `probe`, which succeeds when the thing is there. */
function probeFunction(target: Exclude<WaitTarget, { kind: 'time' }>, connectTimeout: number): string[] {
  const limit = `if command -v timeout >/dev/null 2>&1; then limit="timeout ${connectTimeout}"; else limit=""; fi`;
  if (target.kind === 'port') {
    const tcp = shellJoin(['exec 3<>"/dev/tcp/$1/$2"', '_', target.host, String(target.port)]);
    return [
      limit,
      'if command -v bash >/dev/null 2>&1; then tool=bash',
      'elif command -v nc >/dev/null 2>&1; then tool=nc',
      "else echo '@@notool bash or nc'; exit 0; fi",
      'probe() {',
      `  if [ "$tool" = bash ]; then $limit bash -c ${tcp} 2>/dev/null`,
      `  else nc -z -w ${connectTimeout} ${shellJoin([target.host, String(target.port)])} 2>/dev/null; fi`,
      '}',
    ];
  }
  if (target.kind === 'path') {
    const path = quote(target.path);
    const search = target.searchRegex === undefined ? '' : ` && grep -E -q -e ${quote(target.searchRegex)} ${path} 2>/dev/null`;
    return [`probe() { [ -e ${path} ]${search}; }`];
  }
  const insecure = target.validateCerts ? [] : ['-k'];
  const wgetInsecure = target.validateCerts ? [] : ['--no-check-certificate'];
  const curl = shellJoin(['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', String(connectTimeout), ...insecure, target.url]);
  const wget = shellJoin(['wget', '-q', '-S', '-O', '/dev/null', '-T', String(connectTimeout), ...wgetInsecure, target.url]);
  return [
    'if command -v curl >/dev/null 2>&1; then tool=curl',
    'elif command -v wget >/dev/null 2>&1; then tool=wget',
    "else echo '@@notool curl or wget'; exit 0; fi",
    'probe() {',
    `  if [ "$tool" = curl ]; then code=$(${curl} 2>/dev/null)`,
    `  else code=$(${wget} 2>&1 | sed -n 's/^ *HTTP\\/[0-9.]* \\([0-9][0-9][0-9]\\).*/\\1/p' | tail -n 1); fi`,
    `  case " ${target.statusCodes.join(' ')} " in *" $code "*) return 0 ;; esac`,
    '  return 1',
    '}',
  ];
}

/** Builds the polling loop that runs on the target and prints `@@ready` or `@@timeout`. */
export function buildWaitScript(plan: WaitPlan): string {
  if (plan.target.kind === 'time') throw new Error('a wait for time alone runs on the controller');
  const check = plan.present ? 'probe' : '! probe';
  return [
    'code=""',
    ...probeFunction(plan.target, plan.connectTimeout),
    plan.delay > 0 ? `sleep ${plan.delay}` : '',
    'start=$(date +%s)',
    'while :; do',
    `  if ${check}; then echo '@@ready'; exit 0; fi`,
    `  if [ $(( $(date +%s) - start )) -ge ${Math.ceil(plan.timeout)} ]; then echo "@@timeout $code"; exit 0; fi`,
    `  sleep ${plan.sleep}`,
    'done',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function describeTarget(plan: WaitPlan): string {
  const target = plan.target;
  if (target.kind === 'port') return `${target.host}:${target.port}`;
  if (target.kind === 'path') return target.searchRegex ? `${target.searchRegex} in ${target.path}` : `file ${target.path}`;
  if (target.kind === 'url') return `${target.url} to answer ${target.statusCodes.join(' or ')}`;
  return 'time';
}

function readyMessage(plan: WaitPlan, elapsed: number): string {
  const target = plan.target;
  const what = describeTarget(plan);
  if (target.kind === 'url') return `${target.url} answered after ${elapsed} s`;
  const words = target.kind === 'port' ? ['open', 'closed'] : ['present', 'absent'];
  const state = plan.present ? words[0] : words[1];
  return `${what} is ${state} after ${elapsed} s`;
}

function timeoutMessage(plan: WaitPlan, lastCode: string): string {
  const what = describeTarget(plan);
  const last = plan.target.kind === 'url' && lastCode !== '' ? ` (last status ${lastCode})` : '';
  const stop = plan.present ? '' : ' to stop';
  return `Timeout when waiting for ${what}${stop}${last} after ${plan.timeout} s`;
}

/** The message ansible-core 2.14 returns for a module that does not support check mode. */
const CHECK_MODE_SKIP = 'remote module (wait_for) does not support check mode';

const sleepFor = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

async function run(args: WaitForArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const plan = planWait(args);
  if (typeof plan === 'string') return failure(`wait_for: ${plan}`);
  // Ansible's wait_for does not declare check mode support, so Ansible skips it there.
  if (ctx.flags.check) return { changed: false, skipped: true, msg: CHECK_MODE_SKIP };
  const started = Date.now();
  const elapsed = () => Math.floor((Date.now() - started) / 1000);

  if (plan.target.kind === 'time') {
    await sleepFor(plan.delay + plan.timeout);
    return { changed: false, msg: `waited ${elapsed()} s`, elapsed: elapsed() };
  }

  const facts = { elapsed: 0, state: args.state ?? 'started', port: args.port, path: args.path };
  if (plan.target.kind === 'url' && ctx.conn.sockets) {
    const waited = await waitForUrlThroughHost(ctx.conn.sockets, { ...plan.target, ...plan });
    if (waited) {
      facts.elapsed = elapsed();
      if (waited.ready) return { changed: false, msg: readyMessage(plan, facts.elapsed), ...facts };
      return failure(args.msg ?? timeoutMessage(plan, waited.lastCode), facts);
    }
  }

  // The remote loop ends itself; this bound only covers a host whose clock stands still.
  const timeoutMs = (plan.delay + plan.timeout + plan.connectTimeout + 30) * 1000;
  const output = (await runChecked(ctx.conn, buildWaitScript(plan), { timeoutMs })).trim();
  facts.elapsed = elapsed();

  if (output.startsWith('@@notool')) return failure(`wait_for: found neither ${output.slice(9)} on the host`, facts);
  if (output === '@@ready') return { changed: false, msg: readyMessage(plan, facts.elapsed), ...facts };
  const lastCode = output.startsWith('@@timeout') ? output.slice(10).trim() : '';
  return failure(args.msg ?? timeoutMessage(plan, lastCode), facts);
}

const waitFor: ModuleDefinition<WaitForArgs> = {
  name: 'wait_for',
  aliases: ['ansible.builtin.wait_for', 'ansible.legacy.wait_for'],
  schema,
  idempotent: true,
  run,
};

export default waitFor;
