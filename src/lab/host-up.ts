/**
 * Brings up one lab host: its files, namespaces, sshd and, when asked, its
 * Docker engine with the lab images. Each process and interface goes into
 * the state file before the step that could fail after making it.
 */
import { writeFile } from 'node:fs/promises';
import { importImage, type ImageImport } from './docker-api.js';
import { createBridge, startDockerd, waitForDockerd } from './docker-engine.js';
import { writeHostFiles } from './host-files.js';
import { setUpHostNamespace, startHostNamespace } from './namespace.js';
import type { HostPlan, LabPlan } from './plan.js';
import type { ProcessRecord } from './processes.js';
import {
  generateKeyPair,
  readPublicKey,
  sshdConfig,
  sshPort,
  startSshd,
  waitForSshd,
} from './sshd.js';
import type { LabRecordStore } from './state-file.js';
import type { LabHost } from './types.js';

export interface HostUpContext {
  plan: LabPlan;
  store: LabRecordStore;
  /** The lab's login key, for root's authorized_keys. */
  publicKey: string;
  faketimeLibrary: string | undefined;
  images: ImageImport[];
  log: (line: string) => void;
}

export interface HostUp {
  host: LabHost;
  /** The host's public key, `ssh-ed25519 AAAA...`. */
  hostKey: string;
}

async function startSsh(host: HostPlan, context: HostUpContext): Promise<number> {
  const { store } = context;
  await writeHostFiles(host, context.plan.hosts, context.publicKey);
  await generateKeyPair(host.paths.hostKey, `root@${host.name}`, `${host.name}: make the host key`);
  await writeFile(host.paths.sshdConfig, sshdConfig(host, context.faketimeLibrary));

  const recordHolder = (holder: ProcessRecord) =>
    store.updateHost(host.name, (h) => void (h.holder = holder));
  const namespace = await startHostNamespace(host, recordHolder);
  await store.updateHost(host.name, (h) => void (h.mountNamespace = namespace.mountNamespace));
  await setUpHostNamespace(host, namespace.holder.pid);

  const sshd = startSshd(host, namespace.holder.pid);
  await store.updateHost(host.name, (h) => void (h.sshd = sshd));
  await waitForSshd(host, sshd);
  const skew = host.skewSeconds === 0 ? '' : `, clock skew ${host.skewSeconds} s`;
  context.log(`${host.name}: sshd up on ${host.address}:${sshPort}${skew}`);
  return namespace.holder.pid;
}

async function startDocker(
  host: HostPlan,
  context: HostUpContext,
  holderPid: number,
): Promise<void> {
  const { store, log } = context;
  const { bridge, paths } = host;
  await store.updateHost(host.name, (h) => {
    h.bridge = bridge.name;
    h.bridgeSubnets = bridge.subnets;
    h.cgroupParent = bridge.cgroupParent;
    h.dockerSocket = paths.dockerSocket;
  });
  await createBridge(host);

  const dockerd = startDockerd(host, holderPid);
  await store.updateHost(host.name, (h) => void (h.dockerd = dockerd));
  await waitForDockerd(host, dockerd);
  for (const image of context.images) {
    await importImage(paths.dockerSocket, `${host.name}: import image`, image);
  }

  const imported = context.images.map((i) => `${i.repository}:${i.tag}`).join(', ');
  log(
    `${host.name}: docker engine up (bridge ${bridge.name} ${bridge.address}, images ${imported})`,
  );
}

export async function bringUpHost(host: HostPlan, context: HostUpContext): Promise<HostUp> {
  const holderPid = await startSsh(host, context);
  if (context.plan.docker) await startDocker(host, context, holderPid);

  const labHost: LabHost = {
    name: host.name,
    address: host.address,
    port: sshPort,
    skewSeconds: host.skewSeconds,
  };
  if (host.jumpHost) labHost.jumpHost = host.jumpHost;
  if (context.plan.docker) labHost.dockerSocket = host.paths.dockerSocket;
  return { host: labHost, hostKey: await readPublicKey(`${host.paths.hostKey}.pub`) };
}
