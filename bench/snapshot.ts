/**
 * A copy of the built skprun (bin/, dist/src/, package.json) that the bench
 * runs for its whole duration. A rebuild of dist/ while the bench runs (a
 * build in the same tree) then neither breaks a run half way through, as
 * tsc rewrites files in place, nor mixes two versions in one table.
 * node_modules is linked, not copied.
 */
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Snapshot {
  /** bin/skprun.js of the copy. */
  bin: string;
  remove: () => void;
}

export function snapshotSkprun(projectDir: string): Snapshot {
  const dir = mkdtempSync(path.join(tmpdir(), 'skpbench-skprun-'));
  const skipMaps = (source: string) => !source.endsWith('.map');
  cpSync(path.join(projectDir, 'bin'), path.join(dir, 'bin'), { recursive: true });
  cpSync(path.join(projectDir, 'dist', 'src'), path.join(dir, 'dist', 'src'), { recursive: true, filter: skipMaps });
  cpSync(path.join(projectDir, 'package.json'), path.join(dir, 'package.json'));
  symlinkSync(path.join(projectDir, 'node_modules'), path.join(dir, 'node_modules'));
  return { bin: path.join(dir, 'bin', 'skprun.js'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
