/**
 * template: renders a Jinja2 template file from the controller with the
 * task's variables and puts the result on the host, as Ansible's template
 * module does. As in Ansible, where the template action hands the rendered
 * file to the copy module, the writing is copy's: one checksum comparison,
 * an atomic write, backup, validate, mode, owner and group, check and diff.
 */
import path from 'node:path';
import { TemplateError } from '../template/index.js';
import copy, { type CopyArgs } from './copy.js';
import { checkMode, type ModeArgument } from './files/mode.js';
import { findTemplate, renderTemplateText, templateVariables, type NewlineSequence } from './files/template-source.js';
import { failure, type ModuleContext, type ModuleDefinition, type ModuleResult } from './module.js';

export interface TemplateArgs {
  /** The template on the controller: absolute, or found under the role's or playbook's templates/. */
  src: string;
  /** The file on the host; in a folder (or a path ending in `/`), the template's base name. */
  dest: string;
  /** Octal, symbolic, or `preserve` (the template file's mode). */
  mode?: ModeArgument;
  owner?: string;
  group?: string;
  backup?: boolean;
  /** Replaces a file whose content differs (default true); false only creates. */
  force?: boolean;
  /** A command run on the new file before it replaces the old; `%s` is its path. */
  validate?: string;
  newline_sequence?: NewlineSequence;
  /**
   * Jinja2's options, accepted only at Ansible's defaults (trim_blocks on,
   * lstrip_blocks off), because the template engine parses with those.
   */
  trim_blocks?: true;
  lstrip_blocks?: false;
}

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['src', 'dest'],
  properties: {
    src: { type: 'string', minLength: 1 },
    dest: { type: 'string', minLength: 1 },
    mode: { type: ['string', 'integer'] },
    owner: { type: 'string', minLength: 1 },
    group: { type: 'string', minLength: 1 },
    backup: { type: 'boolean' },
    force: { type: 'boolean' },
    validate: { type: 'string', pattern: '%s' },
    // Checked in run, because a schema error would print the raw newlines.
    newline_sequence: { type: 'string' },
    trim_blocks: { enum: [true] },
    lstrip_blocks: { enum: [false] },
  },
};

const NEWLINE_SEQUENCES: string[] = ['\n', '\r', '\r\n'];

/** Ansible's default for `ansible_managed` (ansible.cfg's DEFAULT_MANAGED_STR). */
export const DEFAULT_ANSIBLE_MANAGED = 'Ansible managed';

/** Renders the template; returns the text or the problem. */
export async function renderTemplate(args: TemplateArgs, vars: Record<string, unknown>): Promise<{ text: string; mode: number } | string> {
  const template = await findTemplate(args.src, vars);
  if (typeof template === 'string') return template;
  const scope = {
    ...vars,
    ...templateVariables(template, args.src, args.dest),
    ansible_managed: vars.ansible_managed ?? DEFAULT_ANSIBLE_MANAGED,
  };
  try {
    return { text: renderTemplateText(template.text, scope, args.newline_sequence), mode: template.mode };
  } catch (error) {
    if (error instanceof TemplateError) return `rendering ${template.file} failed: ${error.message}`;
    throw error;
  }
}

async function run(args: TemplateArgs, ctx: ModuleContext): Promise<ModuleResult> {
  const badMode = args.mode !== undefined && args.mode !== 'preserve' ? checkMode(args.mode) : undefined;
  if (badMode) return failure(`template: ${badMode}`);
  if (args.newline_sequence !== undefined && !NEWLINE_SEQUENCES.includes(args.newline_sequence)) {
    const allowed = NEWLINE_SEQUENCES.map((sequence) => JSON.stringify(sequence)).join(', ');
    return failure(`template: newline_sequence ${JSON.stringify(args.newline_sequence)} is invalid: expected one of ${allowed}`);
  }
  const rendered = await renderTemplate(args, ctx.vars);
  if (typeof rendered === 'string') return failure(`template: ${rendered}`);

  // copy writes `content`, and takes the file name for a folder dest from `src`.
  // NOTE: copy's schema allows only one of the two; its run takes both, and a
  // test of this module pins that.
  const copyArgs: CopyArgs = {
    dest: args.dest,
    content: rendered.text,
    src: path.basename(args.src),
    mode: args.mode === 'preserve' ? rendered.mode : args.mode,
    ...{ owner: args.owner, group: args.group, backup: args.backup, force: args.force, validate: args.validate },
  };
  const result = await copy.run(copyArgs, ctx);
  return result.failed ? { ...result, msg: result.msg.replace(/^copy: /, 'template: ') } : result;
}

const template: ModuleDefinition<TemplateArgs> = {
  name: 'template',
  aliases: ['ansible.builtin.template', 'ansible.legacy.template'],
  schema,
  idempotent: true,
  run,
};

export default template;
