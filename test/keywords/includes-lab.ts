/**
 * The lab of the run-time include tests: two hosts, logged into as root.
 * Its address prefix is its own, so it can run beside other labs.
 *
 * SKPRUN_TEST_INCLUDES_LAB_PREFIX sets the address prefix (default 127.0.32).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labUp } from '../../src/lab/index.js';
import { testImageCacheDir, testLabStateDir } from '../support/lab.js';
import type { UsersLab } from './users-lab.js';

const includesLabPrefix = process.env.SKPRUN_TEST_INCLUDES_LAB_PREFIX ?? '127.0.32';

/** Starts the lab; bring it down with usersLabDown. */
export async function includesLabUp(name: string): Promise<UsersLab> {
  const lab = await labUp({
    stateDir: testLabStateDir(`includes-${name}`),
    hosts: 2,
    docker: false,
    skew: {},
    addressPrefix: includesLabPrefix,
    imageCacheDir: testImageCacheDir,
  });
  return { lab, dir: mkdtempSync(path.join(os.tmpdir(), `skprun-includes-${name}-test-`)) };
}
