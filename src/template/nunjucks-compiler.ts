/**
 * nunjucks' compiler and runtime, kept apart from its parser
 * (nunjucks-internals.ts), so that the load-time syntax check loads only
 * the parser. Rendering needs both.
 */
import { createRequire } from 'node:module';
import type { CompilerBase } from './nunjucks-internals.js';

const require = createRequire(import.meta.url);

export const CompilerClass: new (name?: string, throwOnUndefined?: boolean) => CompilerBase =
  require('nunjucks/src/compiler.js').Compiler;

export const nunjucksRuntime: Record<string, unknown> & { Frame: new () => unknown } =
  require('nunjucks/src/runtime.js');
