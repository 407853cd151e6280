/**
 * The host's OpenSSH server: its config, its host key, starting it inside
 * the host's namespaces and waiting until it greets clients.
 */
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { LabError } from './lab-error.js';
import { enterHost } from './namespace.js';
import type { HostPlan } from './plan.js';
import { isRunning, spawnDaemon, waitUntil, type ProcessRecord } from './processes.js';
import { runCommand, tail } from './run.js';

export const sshdBinary = '/usr/sbin/sshd';
export const sshPort = 22;

/** Environment lines that make every SSH session of the host see a shifted clock. */
export function skewSetEnv(skewSeconds: number, faketimeLibrary: string): string {
  const offset = skewSeconds >= 0 ? `+${skewSeconds}` : String(skewSeconds);
  // The monotonic clock stays real, so sleeps and timeouts keep their length.
  return `SetEnv LD_PRELOAD=${faketimeLibrary} FAKETIME=${offset} FAKETIME_DONT_FAKE_MONOTONIC=1`;
}

/**
 * sshd_config for one host. StrictModes is off, so sshd does not check the
 * owners and modes of files in the state folder, which may sit anywhere
 * (/tmp too). MaxSessions keeps OpenSSH's default of 10, as on a real server,
 * unless the host plan sets another (LabUpOptions.maxSessions).
 */
export function sshdConfig(host: HostPlan, faketimeLibrary: string | undefined): string {
  const lines = [
    `# sshd of lab host ${host.name}, written by skprun lab up`,
    `ListenAddress ${host.address}:${sshPort}`,
    `HostKey ${host.paths.hostKey}`,
    'PidFile /run/sshd.pid',
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'AuthorizedKeysFile .ssh/authorized_keys',
    `PasswordAuthentication ${host.sshd?.passwordLogin ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    'StrictModes no',
    // Without PAM, sessions skip the machine's PAM stack (motd, env, limits).
    'UsePAM no',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'X11Forwarding no',
    'AcceptEnv LANG LC_*',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
  ];
  if (host.skewSeconds !== 0 && faketimeLibrary) {
    lines.push(skewSetEnv(host.skewSeconds, faketimeLibrary));
  }
  return `${[...lines, ...extraSshdLines(host)].join('\n')}\n`;
}

/** MaxSessions and LogLevel lines, when the host plan sets them. */
function extraSshdLines(host: HostPlan): string[] {
  const lines: string[] = [];
  if (host.sshd?.maxSessions !== undefined) lines.push(`MaxSessions ${host.sshd.maxSessions}`);
  if (host.sshd?.logLevel) lines.push(`LogLevel ${host.sshd.logLevel}`);
  return lines;
}

export async function generateKeyPair(
  file: string,
  comment: string,
  action: string,
): Promise<void> {
  await runCommand(
    ['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file],
    action,
  );
}

/** Reads a public key file as `type base64` (without its comment). */
export async function readPublicKey(file: string): Promise<string> {
  const [type, key] = (await readFile(file, 'utf8')).trim().split(/\s+/);
  return `${type} ${key}`;
}

export function startSshd(host: HostPlan, holderPid: number): ProcessRecord {
  const argv = [
    ...enterHost(holderPid, Boolean(host.netns)),
    sshdBinary,
    '-D',
    '-f',
    host.paths.sshdConfig,
    '-E',
    host.paths.sshdLog,
  ];
  return spawnDaemon(argv, { logFile: host.paths.sshdLog, cwd: host.paths.dir });
}

/** Reads the first bytes a server sends; an SSH server starts with `SSH-2.0-`. */
export function readBanner(
  address: string,
  port: number,
  timeoutMs = 1_000,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const finish = (banner: string | undefined) => {
      socket.destroy();
      resolve(banner);
    };
    socket.setTimeout(timeoutMs, () => finish(undefined));
    socket.once('data', (data) => finish(data.toString('latin1')));
    socket.once('error', () => finish(undefined));
  });
}

/** Checks whether something accepts connections on address:port. */
export function isListening(address: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const finish = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function logSaysListening(host: HostPlan): Promise<boolean> {
  const log = await readFile(host.paths.sshdLog, 'utf8').catch(() => '');
  return log.includes(`Server listening on ${host.address} port ${sshPort}`);
}

/** Waits until the host's sshd greets, or fails with the end of its log. */
export async function waitForSshd(
  host: HostPlan,
  sshd: ProcessRecord,
  timeoutMs = 10_000,
): Promise<void> {
  let exited = false;
  const greets = async () => {
    exited = !isRunning(sshd);
    if (exited) return true;
    const banner = await readBanner(host.address, sshPort);
    return banner?.startsWith('SSH-2.0-') ?? false;
  };
  // A far host is unreachable from here by design; its log shows when it listens.
  const check = host.jumpHost ? async () => (exited = !isRunning(sshd)) || (await logSaysListening(host)) : greets;
  const answered = await waitUntil(check, timeoutMs, 20);
  if (answered && !exited) return;

  const log = await readFile(host.paths.sshdLog, 'utf8').catch(() => '');
  const reason = exited ? 'sshd exited' : `sshd did not answer within ${timeoutMs / 1000} s`;
  throw new LabError(
    `${host.name}: ${reason} on ${host.address}:${sshPort}: ${tail(log) || 'no log output'}`,
  );
}
