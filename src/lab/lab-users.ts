/**
 * Login users besides root on lab hosts, for trying `become`: each logs in
 * with the lab key (and with its password, when it has one and the lab
 * accepts password logins), and may use sudo with or without a password.
 * They live in the host's /etc overlay, so this machine's accounts stay as
 * they are.
 */
import { execFile } from 'node:child_process';
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LabError } from './lab-error.js';
import { labEnvironment } from './run.js';

export interface LabUser {
  /** Login name: lower-case letters, digits, `-` and `_`. */
  name: string;
  /** Password for login and for sudo; none means key login only. */
  password?: string;
  /**
   * `password`: sudo prompts for the user's password; `nopasswd`: sudo
   * runs without one; undefined: no sudo rights.
   */
  sudo?: 'password' | 'nopasswd';
}

/** First uid of lab users, far above the accounts a machine has. */
const firstUid = 42001;

export function checkUsers(users: LabUser[]): void {
  const seen = new Set<string>();
  for (const user of users) {
    if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(user.name) || user.name === 'root') {
      throw new LabError(`lab user name ${JSON.stringify(user.name)} is invalid: expected lower-case letters, digits, - and _, and not root`);
    }
    if (seen.has(user.name)) throw new LabError(`lab user ${user.name} is given twice`);
    if (user.sudo === 'password' && !user.password) throw new LabError(`lab user ${user.name} has sudo with a password but no password`);
    seen.add(user.name);
  }
}

export function userHome(hostDir: string, name: string): string {
  return path.join(hostDir, 'home', name);
}

/** Builds the sudoers lines for the lab users (a file of /etc/sudoers.d). */
export function sudoersText(users: LabUser[]): string {
  const lines = users.flatMap((user) => {
    if (user.sudo === 'nopasswd') return [`${user.name} ALL=(ALL:ALL) NOPASSWD: ALL`];
    if (user.sudo === 'password') return [`${user.name} ALL=(ALL:ALL) ALL`];
    return [];
  });
  // No lecture: its text would precede the first sudo output of a test.
  return `# lab users, written by skprun lab up\nDefaults lecture=never\n${lines.join('\n')}\n`;
}

/** Hashes a password for /etc/shadow (SHA-512 crypt), passing it on stdin, not on a command line. */
function hashPassword(password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('openssl', ['passwd', '-6', '-stdin'], { env: labEnvironment() }, (error, stdout, stderr) => {
      if (error) reject(new LabError(`hash a lab user's password: openssl passwd failed: ${stderr || error.message}`));
      else resolve(stdout.trim());
    });
    child.stdin?.end(`${password}\n`);
  });
}

async function shadowLine(user: LabUser): Promise<string> {
  const hash = user.password ? await hashPassword(user.password) : '*';
  return `${user.name}:${hash}:19000:0:99999:7:::`;
}

/**
 * Adds the users to the upper layer of a host's /etc (passwd, shadow,
 * group, sudoers.d) and makes their homes with the lab key.
 */
export async function writeLabUsers(etcUpper: string, hostDir: string, users: LabUser[], publicKey: string): Promise<void> {
  if (users.length === 0) return;
  const passwdFile = path.join(etcUpper, 'passwd');
  const passwd = await readFile(passwdFile, 'utf8');
  const shadow = await readFile('/etc/shadow', 'utf8').catch(() => '');
  const group = await readFile('/etc/group', 'utf8');
  const lines = { passwd: [] as string[], shadow: [] as string[], group: [] as string[] };

  for (const [index, user] of users.entries()) {
    const uid = firstUid + index;
    const home = userHome(hostDir, user.name);
    lines.passwd.push(`${user.name}:x:${uid}:${uid}::${home}:/bin/sh`);
    lines.shadow.push(await shadowLine(user));
    lines.group.push(`${user.name}:x:${uid}:`);
    await writeHome(home, uid, publicKey);
  }
  const append = (text: string, extra: string[]) => `${text.endsWith('\n') || text === '' ? text : `${text}\n`}${extra.join('\n')}\n`;
  await writeFile(passwdFile, append(passwd, lines.passwd));
  await writeFile(path.join(etcUpper, 'shadow'), append(shadow, lines.shadow), { mode: 0o640 });
  await writeFile(path.join(etcUpper, 'group'), append(group, lines.group));
  await mkdir(path.join(etcUpper, 'sudoers.d'), { recursive: true });
  // sudo ignores files of sudoers.d that others can write to.
  await writeFile(path.join(etcUpper, 'sudoers.d', 'skprun-lab'), sudoersText(users), { mode: 0o440 });
}

async function writeHome(home: string, uid: number, publicKey: string): Promise<void> {
  const sshDir = path.join(home, '.ssh');
  // sshd reads authorized_keys as the user, so every folder above must be open to it.
  await mkdir(home, { recursive: true, mode: 0o755 });
  await mkdir(sshDir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(sshDir, 'authorized_keys'), publicKey, { mode: 0o600 });
  await writeFile(path.join(home, '.profile'), '');
  for (const entry of [home, sshDir, path.join(sshDir, 'authorized_keys'), path.join(home, '.profile')]) {
    await chown(entry, uid, uid);
  }
}
