/**
 * Before/after pairs for diff mode (-D), and their unified-diff text.
 */
import { createRequire } from 'node:module';
import type { FileDiff } from '../module.js';

type PatchMaker = typeof import('diff').createTwoFilesPatch;
let createTwoFilesPatch: PatchMaker | undefined;

/**
 * Loads the diff library on first use, through its CommonJS build, which
 * require() reads synchronously: most runs show no diff, and its ESM build
 * is about twenty files to load at start-up.
 */
function patchMaker(): PatchMaker {
  createTwoFilesPatch ??= (createRequire(import.meta.url)('diff') as typeof import('diff')).createTwoFilesPatch;
  return createTwoFilesPatch;
}

/** A file's before and after content, named for the diff headers. */
export function fileDiff(path: string, before: string, after: string): FileDiff {
  return { before, after, beforeHeader: `${path} (before)`, afterHeader: `${path} (after)` };
}

/** Renders a FileDiff as a unified diff with three lines of context. */
export function unifiedDiff(diff: FileDiff): string {
  const oldName = diff.beforeHeader ?? 'before';
  const newName = diff.afterHeader ?? 'after';
  return patchMaker()(oldName, newName, diff.before, diff.after, undefined, undefined, {
    context: 3,
  });
}
