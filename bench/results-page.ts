/**
 * The text of bench/RESULTS.md: what ran where, the results, the goals,
 * and how to read them.
 */
import type { CaseResult } from './series.js';
import { evaluateGoals, goalsTable, problemsList, resultsTable, type RunInfo } from './report.js';

function machineTable(info: RunInfo): string {
  const m = info.machine;
  const rows: [string, string][] = [
    ['CPU', `${m.cpu}, ${m.cores} cores`],
    ['Memory', `${m.memoryGib} GiB`],
    ['Kernel', m.kernel],
    ['Node.js', m.node],
    ['Ansible', `${m.ansible}, community.docker ${m.communityDocker}`],
    ['OpenSSH', m.openssh],
    ['hyperfine', m.hyperfine],
    ['Date', m.date],
  ];
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

function loadNote(info: RunInfo): string {
  const before = Number(info.loadBefore.split(',')[0]);
  const idle = info.machine.cores / 2;
  const verdict =
    before > idle
      ? `The machine was loaded before the run started: a 1-minute load above ${idle} on ${info.machine.cores} cores means other work competed with the runs, so times are slower and noisier than on an idle machine.`
      : 'The machine was close to idle when the run started.';
  const during = `The highest 1-minute load sampled during the run was ${info.highestLoad.toFixed(2)}; the runs themselves load the machine, the floor's parallel ssh clients most.`;
  return `Load averages (1, 5, 15 min): ${info.loadBefore} before, ${info.loadAfter} after. ${verdict} ${during}`;
}

const METHOD = `- Every scenario runs on lab hosts of this machine (\`src/lab\`): real
  OpenSSH servers on loopback addresses, each in its own mount and UTS
  namespace, with a Docker engine each for the registry scenario. The bench
  starts its own labs (state under \`.skprun/bench-lab*\`, addresses
  127.0.6.x for the registry, 127.0.7.x and up for the plain hosts, at most
  99 hosts per lab) and brings them down at the end.
- Each scenario runs skprun, \`ansible-playbook\` and the floor in rounds: a
  warm-up round that is not counted, then the measured rounds. The order of
  the tools rotates from round to round. Before each tool's first run the
  hosts are reset over SSH (containers, volumes, networks, the export line
  and folder; or \`/etc/skpbench\`), and each tool's re-run follows its own
  first run. A time is wall time from spawn to exit, measured by the bench;
  every run is wrapped in \`/usr/bin/time -v\` for the peak memory.
- A run counts only if it exits 0 and its recap lists every host with no
  failure; a first run must change something on every host, a re-run
  nothing on any host. Runs that do not are listed under Problems.
- skprun runs as \`node bin/skprun.js -i INVENTORY -f HOSTS --output plain
  PLAYBOOK\`, from a copy of the build (bin/, dist/src/) made when the
  bench starts, so that a rebuild during the run cannot reach it; Ansible as \`ansible-playbook -i INVENTORY -f HOSTS PLAYBOOK\`
  with \`ANSIBLE_CONFIG=bench/ansible.cfg\`: pipelining, ControlMaster=auto
  with ControlPersist=60s, forks = hosts, host keys checked against the
  lab's known_hosts, no fact gathering, no retry files, the default
  callback, no interpreter discovery. Each Ansible run gets a fresh
  ControlPath folder whose masters are closed after the run, outside the
  time, so no run reuses connections of an earlier one.
- The floor is \`bench/floor.sh\` with a steps file of \`bench/floor/\`: it
  opens one OpenSSH master per host in parallel, runs each step's command
  on all hosts at once and the steps in order, then closes the masters, all
  inside the time. For a re-run the steps are the state reads the tasks
  need (a curl of the Docker Engine API on the daemon's socket for the
  docker objects, \`cat /etc/exports\`, \`exportfs -v\`, \`date\`,
  a curl of \`/v2/\`, \`stat\` and \`sha1sum\`); for a first run, each read
  and then the one command that makes the change. The first-run floor of
  the registry polls \`/v2/\` every 0.1 s, the playbooks every 1 s.
  The floor pays for one ssh client process per command and host, which
  skprun, keeping its SSH channels in one process, does not. skprun also
  sends its docker reads and its \`/v2/\` request through the SSH
  connection (forwarded to the daemon's socket, and from the host to the
  port) instead of starting curl on the host. A skprun/floor ratio below 1
  means skprun came in under the floor.
- Start-up is timed with hyperfine (\`-N\`, 3 warm-up runs, each command's
  runs back to back) when it is installed; the floor there is \`node -e 0\`.
- bench/ansible/registry.yml is the registry playbook written for Ansible
  2.14 with community.docker 3.4.7: \`date\` with a controller-side
  comparison for the clock check, lineinfile for /etc/exports, command for
  \`exportfs\`, the community.docker modules, and uri with until/retries for
  the wait. bench/playbooks/tasks20.yml runs unchanged in both tools.`;

const ANSIBLE_NOTES = `- ansible-core 2.14.18 (Debian 12's package) is what ran. ansible-core 2.19
  changed templating (native types, \`when\` needs real booleans); the
  conditions in these playbooks are booleans in both.
- In 2.14, \`until\`'s \`delay\` is a whole number of seconds (the task
  attribute is an int), so the uri wait polls once a second, as the role's
  wait_for does.
- 2.14 reads \`pipelining\` from [defaults], [connection] or
  [ssh_connection]; bench/ansible.cfg sets it in [ssh_connection], beside
  \`ssh_args\`.
- Ansible's default \`ssh_args\` add \`-C\`; the bench leaves compression
  off because it costs CPU and saves nothing on loopback.
- community.docker 3.4.7's docker_network, docker_volume and
  docker_container run as Python on the target and talk to the Docker API
  over the host's socket with the collection's own client; skprun runs
  the docker CLI.`;

export function resultsPage(results: CaseResult[], info: RunInfo): string {
  const goals = goalsTable(evaluateGoals(results, info.scaleHosts));
  const settings = `${info.warmups} warm-up round and ${info.repeats} measured rounds per scenario, ${info.startupRuns} runs per start-up command`;
  return `# skprun benchmark results

Written by \`${info.command}\` (bench/run.ts) from ${info.complete ? 'one complete run' : 'a partial run, not every scenario or not the default settings'}: ${settings}.
Times are medians with the min–max range; ratios are ratios of medians.

${loadNote(info)}

## Machine

${machineTable(info)}

## Results

${resultsTable(results)}

## Goals

${goals}

## Problems

${problemsList(results)}

## Method

${METHOD}

## Ansible 2.14 notes

${ANSIBLE_NOTES}
`;
}
