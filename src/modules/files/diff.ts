/**
 * Before/after pairs for diff mode (-D), and their unified-diff text.
 */
import { createTwoFilesPatch } from 'diff';
import type { FileDiff } from '../module.js';

/** A file's before and after content, named for the diff headers. */
export function fileDiff(path: string, before: string, after: string): FileDiff {
  return { before, after, beforeHeader: `${path} (before)`, afterHeader: `${path} (after)` };
}

/** Renders a FileDiff as a unified diff with three lines of context. */
export function unifiedDiff(diff: FileDiff): string {
  const oldName = diff.beforeHeader ?? 'before';
  const newName = diff.afterHeader ?? 'after';
  return createTwoFilesPatch(oldName, newName, diff.before, diff.after, undefined, undefined, {
    context: 3,
  });
}
