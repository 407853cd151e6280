/**
 * The folders searched for a role, in order. First comes `roles/` beside the
 * playbook, then `../roles` (a playbooks/ folder beside a roles/ folder), then
 * the folders of SKPRUN_ROLES_PATH and ANSIBLE_ROLES_PATH. A dependency also
 * searches the folder of the role that depends on it. Last comes the
 * playbook's folder itself. A name with a slash may also be a path, relative
 * to the playbook's folder.
 *
 * Unlike Ansible, ~/.ansible/roles, /usr/share/ansible/roles and
 * /etc/ansible/roles are not searched unless a roles path names them, so
 * that a run depends only on what the project and its settings name.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { isFolder } from './context.js';

/** Role folders from the environment (colon-separated lists). */
export function rolesPathFromEnv(env: NodeJS.ProcessEnv): string[] {
  return [env.SKPRUN_ROLES_PATH, env.ANSIBLE_ROLES_PATH].flatMap((value) => (value ? value.split(':').filter(Boolean) : []));
}

export function roleSearchDirs(playbookDir: string, rolesPath: string[], dependentRoleDir?: string): string[] {
  const dirs = [join(playbookDir, 'roles'), join(playbookDir, '..', 'roles'), ...rolesPath];
  if (dependentRoleDir) dirs.push(dirname(dependentRoleDir));
  dirs.push(playbookDir);
  return [...new Set(dirs)];
}

export interface RoleLocation {
  /** The role's folder, as messages name it. */
  dir?: string;
  /** Every folder looked in, for the message when it is not found. */
  searched: string[];
}

export async function findRoleDir(name: string, searchDirs: string[], playbookDir: string): Promise<RoleLocation> {
  for (const dir of searchDirs) {
    const candidate = join(dir, name);
    if (await isFolder(candidate)) return { dir: candidate, searched: searchDirs };
  }
  if (name.includes('/')) {
    const asPath = isAbsolute(name) ? name : join(playbookDir, name);
    if (await isFolder(asPath)) return { dir: asPath, searched: searchDirs };
  }
  return { searched: searchDirs };
}
