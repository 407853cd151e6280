/**
 * `labUp`: starts the lab hosts and writes their inventory and known_hosts.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { labDown } from './down.js';
import { bringUpHost, type HostUp, type HostUpContext } from './host-up.js';
import { ensureLabImages } from './images.js';
import { inventoryText, knownHostsText } from './lab-files.js';
import { LabError } from './lab-error.js';
import { ensureMountPoint, hostMountPoints } from './mount-points.js';
import { setUpNetwork } from './lab-network.js';
import { guardLog } from './lab-log.js';
import { labPaths, resolveStateDir } from './paths.js';
import { planLab, type LabPlan } from './plan.js';
import { checkRootOnLinux, findFaketimeLibrary, preflight } from './preflight.js';
import { recordOf } from './processes.js';
import { generateKeyPair } from './sshd.js';
import { LabRecordStore, readLabRecord, type LabRecord } from './state-file.js';
import { labDefaults, type LabState, type LabUpOptions } from './types.js';

function labStateOf(plan: LabPlan): LabState {
  const paths = labPaths(plan.stateDir);
  return {
    stateDir: plan.stateDir,
    hosts: plan.hosts.map((h) => ({
      name: h.name,
      address: h.address,
      port: 22,
      skewSeconds: h.skewSeconds,
      ...(plan.docker ? { dockerSocket: h.paths.dockerSocket } : {}),
      ...(h.jumpHost ? { jumpHost: h.jumpHost } : {}),
    })),
    inventoryFile: paths.inventoryFile,
    privateKeyFile: paths.privateKeyFile,
    knownHostsFile: paths.knownHostsFile,
    sharedDir: paths.sharedDir,
    docker: plan.docker,
  };
}

function initialRecord(plan: LabPlan, lab: LabState): LabRecord {
  const hosts = plan.hosts.map((h) => ({ name: h.name, bridgeSubnets: [] }));
  const upProcess = recordOf(process.pid);
  return { format: 1, phase: 'starting', upProcess, addressPrefix: plan.addressPrefix, lab, hosts };
}

/**
 * Brings down a lab already recorded in stateDir. Any other content means
 * the folder is not the lab's, and since `labDown` deletes the state folder,
 * the lab will not use it.
 */
async function clearStateDir(stateDir: string, log: (line: string) => void): Promise<void> {
  if (await readLabRecord(labPaths(stateDir).stateFile)) {
    log(`a lab is already up in ${stateDir}: bringing it down first`);
    await labDown(stateDir, log);
    return;
  }
  const entries = await readdir(stateDir).catch(() => []);
  if (entries.length > 0) {
    throw new LabError(
      `lab state folder ${stateDir} is not empty and has no lab-state.json, so it is not a lab folder; give the lab a new or empty folder, which \`lab down\` deletes`,
    );
  }
}

async function startHosts(plan: LabPlan, context: HostUpContext): Promise<HostUp[]> {
  // allSettled, so that no host is still starting while a failure takes the lab down.
  const results = await Promise.allSettled(plan.hosts.map((host) => bringUpHost(host, context)));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<HostUp>).value);
}

async function writeLabFiles(state: LabState, hosts: HostUp[]): Promise<void> {
  const keys = hosts.map((h) => ({
    address: h.host.address,
    port: h.host.port,
    publicKey: h.hostKey,
  }));
  await writeFile(state.knownHostsFile, knownHostsText(keys));
  await writeFile(state.inventoryFile, inventoryText(state));
}

async function startLab(
  plan: LabPlan,
  store: LabRecordStore,
  log: (line: string) => void,
): Promise<void> {
  const state = store.record.lab;
  await mkdir(state.sharedDir, { recursive: true });
  for (const dir of hostMountPoints) await ensureMountPoint(dir);
  const images = plan.docker ? await ensureLabImages(plan.imageCacheDir, log) : [];

  await generateKeyPair(state.privateKeyFile, 'skprun-lab', 'make the lab login key');
  const publicKey = await readFile(labPaths(plan.stateDir).publicKeyFile, 'utf8');
  const faketimeLibrary = await findFaketimeLibrary();
  const context = { plan, store, publicKey, faketimeLibrary, images, log };
  await setUpNetwork(plan.network, (item) =>
    store.update((record) => {
      if (item.netns) record.netns = [...(record.netns ?? []), item.netns];
      if (item.route) record.routes = [...(record.routes ?? []), item.route];
    }),
  );

  const hosts = await startHosts(plan, context);
  await writeLabFiles(state, hosts);
  await store.update((record) => void (record.phase = 'up'));
}

/**
 * Starts the lab hosts on this machine (root on Linux) and returns where
 * their inventory, key and known_hosts are. A lab already up in the same
 * state folder is brought down first, so the new lab starts clean. When a
 * step fails, `labUp` brings down what it made and raises a LabError. An
 * error raised by `options.log` is ignored, so that a closed output cannot
 * stop the lab half made.
 *
 * The hosts share the machine's kernel, network namespace and most of its
 * file tree. Each has its own hostname, /etc (an overlay), /run,
 * /var/lib/nfs, /var/lib/docker, /root (root's home), /home, /srv, /opt
 * and, unless the state folder is under /tmp, /tmp. There is no NFS: the
 * kernel has neither an NFS server nor client, so `sharedDir` (a plain
 * folder seen by every host) is what the lab offers in place of an NFS
 * share.
 */
export async function labUp(options: LabUpOptions): Promise<LabState> {
  const log = guardLog(options.log);
  const plan = planLab({
    ...options,
    stateDir: await resolveStateDir(options.stateDir),
    hosts: options.hosts ?? labDefaults.hosts,
    docker: options.docker ?? labDefaults.docker,
    skew: options.skew ?? {},
    addressPrefix: options.addressPrefix ?? labDefaults.addressPrefix,
  });
  checkRootOnLinux();
  await clearStateDir(plan.stateDir, log);
  await preflight(plan);

  const started = Date.now();
  await mkdir(plan.stateDir, { recursive: true });
  const lab = labStateOf(plan);
  const store = new LabRecordStore(labPaths(plan.stateDir).stateFile, initialRecord(plan, lab));
  await store.update(() => undefined);
  try {
    await startLab(plan, store, log);
  } catch (error) {
    log(`lab up failed: ${(error as Error).message}`);
    log('taking down what was made');
    await labDown(plan.stateDir, log).catch((downError: Error) =>
      log(`lab down after the failure also failed: ${downError.message}`),
    );
    throw error instanceof LabError
      ? error
      : new LabError(`lab up failed: ${(error as Error).message}`);
  }
  log(
    `lab up: ${plan.hosts.length} hosts in ${Date.now() - started} ms; inventory ${lab.inventoryFile}`,
  );
  return lab;
}
