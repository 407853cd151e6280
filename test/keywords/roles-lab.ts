/**
 * The lab of the include, role and handler keyword tests: two hosts with
 * the login users of users-lab.ts, where alice may use sudo without a
 * password. Its address prefix is its own, so it can run beside other labs.
 *
 * SKPRUN_TEST_ROLES_LAB_PREFIX sets the address prefix (default 127.0.25).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labUp } from '../../src/lab/index.js';
import { testImageCacheDir, testLabStateDir } from '../support/lab.js';
import { passwords, type UsersLab } from './users-lab.js';

const rolesLabPrefix = process.env.SKPRUN_TEST_ROLES_LAB_PREFIX ?? '127.0.25';

/** Starts the lab; bring it down with usersLabDown. */
export async function rolesLabUp(name: string): Promise<UsersLab> {
  const lab = await labUp({
    stateDir: testLabStateDir(`roles-${name}`),
    hosts: 2,
    docker: false,
    skew: {},
    addressPrefix: rolesLabPrefix,
    imageCacheDir: testImageCacheDir,
    users: [
      { name: 'alice', sudo: 'nopasswd' },
      { name: 'bob', password: passwords.bob, sudo: 'password' },
    ],
  });
  return { lab, dir: mkdtempSync(path.join(os.tmpdir(), `skprun-roles-${name}-test-`)) };
}
