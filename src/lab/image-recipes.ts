/**
 * The images a lab engine gets, since none can be pulled: `registry:2` made
 * from the distribution registry that Debian packages (docker-registry, 2.8)
 * and `busybox:latest` from busybox-static. Each recipe fills a root file
 * system folder; images.ts turns it into a cached tarball.
 */
import { chmod, copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from './run.js';

export interface ImageRecipe {
  repository: string;
  tag: string;
  /** Files of this machine the image is made from; a change to one rebuilds it. */
  inputs(): Promise<string[]>;
  /** Text the recipe writes into the image, part of the cache key too. */
  texts: Record<string, string>;
  /** Dockerfile instructions given to `docker import --change`. */
  changes: string[];
  fill(root: string): Promise<void>;
}

const registryBinary = '/usr/bin/docker-registry';
const busyboxBinary = '/usr/bin/busybox';
const imagePath = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Registry config with the settings of the registry:2 image's default one:
 * HTTP on :5000 and blobs under /var/lib/registry.
 */
const registryConfig = `version: 0.1
log:
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: /var/lib/registry
http:
  addr: :5000
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
`;

/**
 * Entry point with the registry:2 image's calling convention: a config
 * file alone is served, a registry subcommand or flag goes to the registry
 * binary, anything else runs as a command.
 */
const registryEntrypoint = `#!/bin/sh
set -e
case "$1" in
  *.yml | *.yaml) exec registry serve "$@" ;;
  serve | garbage-collect | help | -*) exec registry "$@" ;;
esac
exec "$@"
`;

/** Shared libraries a dynamically linked binary loads, from `ldd`. */
export function parseLdd(output: string): string[] {
  const libraries: string[] = [];
  for (const line of output.split('\n')) {
    const match = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (match) libraries.push(match[1]);
  }
  return libraries;
}

async function sharedLibraries(binary: string): Promise<string[]> {
  const { stdout } = await runCommand(['ldd', binary], `list the libraries of ${binary}`).catch(
    () => ({ stdout: '' }),
  );
  return parseLdd(stdout);
}

/** Copies a file's content (following symlinks) to the same path under root. */
async function copyInto(
  root: string,
  source: string,
  target = source,
  mode = 0o755,
): Promise<void> {
  const destination = path.join(root, target);
  await mkdir(path.dirname(destination), { recursive: true });
  await copyFile(source, destination);
  await chmod(destination, mode);
}

async function makeFolders(root: string, folders: Record<string, number>): Promise<void> {
  for (const [folder, mode] of Object.entries(folders)) {
    await mkdir(path.join(root, folder), { recursive: true });
    await chmod(path.join(root, folder), mode);
  }
}

export const registryRecipe: ImageRecipe = {
  repository: 'registry',
  tag: '2',
  texts: { config: registryConfig, entrypoint: registryEntrypoint },
  async inputs() {
    return [registryBinary, busyboxBinary, ...(await sharedLibraries(registryBinary))];
  },
  changes: [
    `ENV ${imagePath}`,
    'ENTRYPOINT ["/entrypoint.sh"]',
    'CMD ["/etc/docker/registry/config.yml"]',
    'EXPOSE 5000',
    'VOLUME ["/var/lib/registry"]',
  ],
  async fill(root) {
    await copyInto(root, registryBinary, '/bin/registry');
    await copyInto(root, busyboxBinary, '/bin/busybox');
    await symlink('busybox', path.join(root, 'bin/sh'));
    for (const library of await sharedLibraries(registryBinary)) await copyInto(root, library);
    await makeFolders(root, {
      'etc/docker/registry': 0o755,
      'var/lib/registry': 0o755,
      tmp: 0o1777,
    });
    await writeFile(path.join(root, 'etc/docker/registry/config.yml'), registryConfig);
    await writeFile(path.join(root, 'entrypoint.sh'), registryEntrypoint, { mode: 0o755 });
  },
};

const busyboxPasswd =
  'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n';
const busyboxGroup = 'root:x:0:\nnogroup:x:65534:\n';

export const busyboxRecipe: ImageRecipe = {
  repository: 'busybox',
  tag: 'latest',
  texts: { passwd: busyboxPasswd, group: busyboxGroup },
  async inputs() {
    return [busyboxBinary];
  },
  changes: [`ENV ${imagePath}`, 'CMD ["sh"]'],
  async fill(root) {
    await copyInto(root, busyboxBinary, '/bin/busybox');
    // Each applet is a symlink at the path busybox lists for it (bin/sh, usr/bin/env, ...).
    const { stdout } = await runCommand([busyboxBinary, '--list-full'], 'list busybox applets');
    for (const applet of stdout.split('\n').filter((a) => a && a !== 'bin/busybox')) {
      await mkdir(path.join(root, path.dirname(applet)), { recursive: true });
      await symlink('/bin/busybox', path.join(root, applet)).catch(() => undefined);
    }
    await makeFolders(root, { etc: 0o755, root: 0o700, tmp: 0o1777, var: 0o755, home: 0o755 });
    await writeFile(path.join(root, 'etc/passwd'), busyboxPasswd);
    await writeFile(path.join(root, 'etc/group'), busyboxGroup);
  },
};

export const labImageRecipes = [registryRecipe, busyboxRecipe];
