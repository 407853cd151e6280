/**
 * time_check: measures a host's clock against the controller's and fails
 * the host when the offset is too large, before a skewed clock breaks
 * token and certificate checks later in the play. It also reports whether
 * the host reports its clock as synchronised, and can check that names
 * resolve there. It reports what it measured and never guesses a cause.
 */
import { quote } from '../connection/quote.js';
import { failure, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';
import { runChecked } from './remote.js';

export interface TimeCheckArgs {
  /** The largest accepted |offset|, in seconds. */
  max_offset?: number;
  /** Names that must resolve on the host with `getent hosts`. */
  resolve?: string[];
  /** Fails unless the host reports a synchronised clock. */
  require_sync?: boolean;
  /**
   * The maximum number of round trips to measure; the one with the shortest round trip
   * is used. Sampling stops early once the measured offset, with its
   * uncertainty, lies wholly within max_offset or wholly beyond it, because
   * a tighter measurement could not change the outcome then.
   */
  samples?: number;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    max_offset: { type: 'number', minimum: 0 },
    resolve: { type: 'array', items: { type: 'string', pattern: '^[^\\s]+$' } },
    require_sync: { type: 'boolean' },
    samples: { type: 'integer', minimum: 1, maximum: 20 },
  },
};

// ---- remote commands ----

/** Prints `time<TAB>seconds`; sub-second when date supports %N (GNU, newer busybox). */
const TIME_COMMAND = [
  't=$(date +%s.%N 2>/dev/null)',
  'case "$t" in *[!0-9.]*|"") t=$(date +%s) ;; esac',
  'printf "time\\t%s\\n" "$t"',
].join('\n');

/** Prints `sync<TAB>source<TAB>value` from the first tool that replies. */
const SYNC_COMMAND = [
  'if command -v timedatectl >/dev/null 2>&1 && v=$(timedatectl show -p NTPSynchronized --value 2>/dev/null) && [ -n "$v" ]; then',
  '  printf "sync\\ttimedatectl\\t%s\\n" "$v"',
  'elif command -v chronyc >/dev/null 2>&1 && v=$(chronyc -n tracking 2>/dev/null); then',
  '  printf "sync\\tchronyc\\t%s\\n" "$(printf "%s\\n" "$v" | sed -n "s/^Leap status *: *//p")"',
  'elif command -v ntpq >/dev/null 2>&1 && v=$(ntpq -pn 2>/dev/null); then',
  '  if printf "%s\\n" "$v" | grep -q "^\\*"; then printf "sync\\tntpq\\tyes\\n"; else printf "sync\\tntpq\\tno\\n"; fi',
  'else',
  '  printf "sync\\tunknown\\t\\n"',
  'fi',
].join('\n');

/** Prints `resolve<TAB>name<TAB>ok|fail<TAB>addresses` for each name. */
export function resolveCommand(names: readonly string[]): string {
  if (names.length === 0) return '';
  return [
    'if ! command -v getent >/dev/null 2>&1; then printf "resolve-missing\\n"; else',
    `for n in ${names.map(quote).join(' ')}; do`,
    '  if a=$(getent hosts "$n" 2>/dev/null) && [ -n "$a" ]; then',
    '    printf "resolve\\t%s\\tok\\t%s\\n" "$n" "$(printf "%s\\n" "$a" | while read -r addr rest; do printf "%s " "$addr"; done)"',
    '  else printf "resolve\\t%s\\tfail\\t\\n" "$n"; fi',
    'done',
    'fi',
  ].join('\n');
}

/** Builds the first sample's command, which also reads sync state and names. */
export function statusCommand(names: readonly string[]): string {
  return [TIME_COMMAND, SYNC_COMMAND, resolveCommand(names)].filter((c) => c !== '').join('\n');
}

// ---- parsing ----

export interface RemoteTime {
  /** Seconds since the epoch as the host's clock read them. */
  seconds: number;
  /** Resolution of the reading: 1e-9 with %N, 1 for whole seconds. */
  resolution: number;
}

export type SyncSource = 'timedatectl' | 'chronyc' | 'ntpq' | 'unknown';

export interface HostStatus {
  time?: RemoteTime;
  syncSource: SyncSource;
  /** Undefined when no tool could tell. */
  synchronized?: boolean;
  syncDetail: string;
  resolved: Record<string, string[]>;
  unresolved: string[];
  getentMissing: boolean;
}

export function parseRemoteTime(text: string): RemoteTime | undefined {
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  return { seconds: Number(text), resolution: text.includes('.') ? 1e-9 : 1 };
}

function parseSync(source: string, value: string): Pick<HostStatus, 'syncSource' | 'synchronized' | 'syncDetail'> {
  if (source === 'timedatectl') {
    return { syncSource: source, synchronized: value === 'yes', syncDetail: `NTPSynchronized=${value}` };
  }
  if (source === 'chronyc') {
    // chronyc prints "Not synchronised" as its leap status until it has a source.
    const synchronized = value !== '' && !/not synchroni[sz]ed/i.test(value);
    return { syncSource: source, synchronized, syncDetail: `leap status ${value || 'unknown'}` };
  }
  if (source === 'ntpq') {
    const synchronized = value === 'yes';
    return { syncSource: source, synchronized, syncDetail: synchronized ? 'has a system peer' : 'no system peer' };
  }
  return { syncSource: 'unknown', synchronized: undefined, syncDetail: 'none of timedatectl, chronyc, ntpq answered' };
}

/** Reads the tagged lines of the status command. */
export function parseStatus(output: string): HostStatus {
  const status: HostStatus = { ...parseSync('unknown', ''), resolved: {}, unresolved: [], getentMissing: false };
  for (const line of output.split('\n')) {
    const [tag, ...fields] = line.split('\t');
    if (tag === 'time') status.time = parseRemoteTime(fields[0]);
    else if (tag === 'sync') Object.assign(status, parseSync(fields[0], fields[1] ?? ''));
    else if (tag === 'resolve-missing') status.getentMissing = true;
    else if (tag === 'resolve' && fields[1] === 'ok') status.resolved[fields[0]] = fields[2].trim().split(/\s+/);
    else if (tag === 'resolve') status.unresolved.push(fields[0]);
  }
  return status;
}

// ---- offset arithmetic ----

export interface Sample {
  /** Controller time, in seconds, just before the command was sent. */
  before: number;
  /** Controller time, in seconds, just after its output arrived. */
  after: number;
  remote: RemoteTime;
}

export interface Offset {
  /** Host clock minus controller clock, in seconds. */
  offset: number;
  /** Half the width of the interval the true offset lies in. */
  uncertainty: number;
  rtt: number;
}

/** Resolution of Date.now() on the controller, in seconds. */
const CONTROLLER_RESOLUTION = 0.001;

/**
 * Computes the offset from one sample. The host read its clock at some
 * instant between `before` and `after`, so the offset lies within half the
 * round trip of the midpoint. A whole-second reading is the start of its
 * second, which adds half a second of doubt.
 */
export function sampleOffset(sample: Sample): Offset {
  const after = sample.after + CONTROLLER_RESOLUTION;
  const rtt = after - sample.before;
  const remote = sample.remote.seconds + sample.remote.resolution / 2;
  const midpoint = (sample.before + after) / 2;
  return { offset: remote - midpoint, uncertainty: rtt / 2 + sample.remote.resolution / 2, rtt };
}

/** Picks the offset of the sample with the shortest round trip, the tightest one. */
export function bestOffset(samples: readonly Sample[]): Offset {
  return samples.map(sampleOffset).reduce((best, next) => (next.rtt < best.rtt ? next : best));
}

export function formatSeconds(value: number, signed = false): string {
  const text = value.toFixed(3);
  return signed && value >= 0 ? `+${text}` : text;
}

// ---- the module ----

const controllerNow = (): number => Date.now() / 1000;

async function takeSample(ctx: ModuleContext, command: string): Promise<{ sample: Sample; output: string }> {
  const before = controllerNow();
  const output = await runChecked(ctx.conn, command);
  const after = controllerNow();
  const remote = parseStatus(output).time;
  if (!remote) throw new Error(`${ctx.hostName}: cannot read the host's clock: date printed ${JSON.stringify(output.split('\n')[0])}`);
  return { sample: { before, after, remote }, output };
}

/** Lists the problems that fail the host, each in the words of what was measured. */
export function findProblems(args: TimeCheckArgs, measured: Offset, status: HostStatus): string[] {
  const maxOffset = args.max_offset ?? 1;
  const problems: string[] = [];
  if (Math.abs(measured.offset) > maxOffset) {
    problems.push(
      `clock offset ${formatSeconds(measured.offset, true)} s (±${formatSeconds(measured.uncertainty)} s) ` +
        `against the controller exceeds max_offset ${maxOffset} s`,
    );
  }
  if (args.require_sync && status.synchronized === false) {
    problems.push(`the host reports its clock is not synchronised (${status.syncSource}: ${status.syncDetail})`);
  }
  if (args.require_sync && status.synchronized === undefined) {
    problems.push(`cannot tell whether the clock is synchronised: ${status.syncDetail}`);
  }
  if (status.getentMissing) problems.push('cannot check name resolution: getent not found on the host');
  if (status.unresolved.length > 0) {
    problems.push(`names that do not resolve on the host (getent hosts): ${status.unresolved.join(', ')}`);
  }
  return problems;
}

function summary(args: TimeCheckArgs, measured: Offset, status: HostStatus): string {
  let sync = 'unknown';
  if (status.synchronized !== undefined) sync = status.synchronized ? 'yes' : 'no';
  const source = status.syncSource === 'unknown' ? status.syncDetail : `${status.syncSource}: ${status.syncDetail}`;
  return (
    `clock offset ${formatSeconds(measured.offset, true)} s (±${formatSeconds(measured.uncertainty)} s) ` +
    `against the controller, within max_offset ${args.max_offset ?? 1} s; synchronised: ${sync} (${source})`
  );
}

/** Tells whether the offset's whole interval is on one side of max_offset, so more samples cannot change the outcome. */
export function offsetDecided(measured: Offset, maxOffset: number): boolean {
  const nearest = Math.abs(measured.offset) - measured.uncertainty;
  const farthest = Math.abs(measured.offset) + measured.uncertainty;
  return farthest <= maxOffset || nearest > maxOffset;
}

async function run(args: TimeCheckArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const first = await takeSample(ctx, statusCommand(args.resolve ?? []));
  const samples = [first.sample];
  const maxOffset = args.max_offset ?? 1;
  while (samples.length < (args.samples ?? 3) && !offsetDecided(bestOffset(samples), maxOffset)) {
    samples.push((await takeSample(ctx, TIME_COMMAND)).sample);
  }

  const status = parseStatus(first.output);
  const measured = bestOffset(samples);
  const facts = {
    offset: measured.offset,
    uncertainty: measured.uncertainty,
    rtt: measured.rtt,
    synchronized: status.synchronized ?? null,
    sync_source: status.syncSource,
    resolved: status.resolved,
    unresolved: status.unresolved,
  };

  const problems = findProblems(args, measured, status);
  if (problems.length > 0) return failure(problems.join('; '), facts);
  return { changed: false, msg: summary(args, measured, status), ...facts };
}

const timeCheck: ModuleDefinition<TimeCheckArgs> = {
  name: 'time_check',
  aliases: ['skprun.time_check', 'skprun.builtin.time_check'],
  schema,
  idempotent: true,
  run,
};

export default timeCheck;
