/**
 * vars_prompt: asks for play variables when the play starts, and hashes
 * the answer with `encrypt` (sha512_crypt, sha256_crypt, md5_crypt) and
 * its salt or salt_size. A variable given with -e is not asked for, as in
 * Ansible. Without a terminal the
 * prompt's default is taken, and a prompt without one is an error, because
 * nothing could answer it.
 */
import { CryptError, hashPassword } from '../crypt/index.js';
import { OptionError } from '../errors.js';
import type { Play } from '../playbook/model.js';
import { UnsafeText } from '../yaml/unsafe.js';

export interface PromptRequest {
  name: string;
  /** The question shown; the variable's name when none is given. */
  prompt: string;
  /** The answer is not echoed (the default, as in Ansible). */
  isPrivate: boolean;
  /** Asks a second time and requires the same answer. */
  confirm: boolean;
  default?: string;
}

/**
 * Asks the user; resolves to the answer, or to undefined when there is no
 * terminal to ask on.
 */
export type Prompter = (request: PromptRequest) => Promise<string | undefined>;

interface PromptEntry {
  name: string;
  prompt?: string;
  default?: unknown;
  private?: boolean;
  confirm?: boolean;
  encrypt?: string;
  salt?: string;
  salt_size?: number;
  unsafe?: boolean;
}

export async function promptVariables(play: Play, extraVars: Record<string, unknown>, ask: Prompter | undefined): Promise<Record<string, unknown>> {
  const entries = (play.keywords.vars_prompt ?? []) as PromptEntry[];
  const answers: Record<string, unknown> = {};
  for (const entry of entries) {
    if (entry.name in extraVars) continue;
    const request: PromptRequest = {
      name: entry.name,
      prompt: entry.prompt ?? entry.name,
      isPrivate: entry.private ?? true,
      confirm: entry.confirm ?? false,
      ...(entry.default === undefined || entry.default === null ? {} : { default: String(entry.default) }),
    };
    const answer = encrypted(entry, await answerOf(request, ask));
    answers[entry.name] = entry.unsafe ? new UnsafeText(answer) : answer;
  }
  return answers;
}

/**
 * Hashes the answer when the entry has `encrypt`, as Ansible does. A value
 * given with -e is never hashed, since it is not prompted for.
 */
function encrypted(entry: PromptEntry, answer: string): string {
  if (entry.encrypt === undefined) return answer;
  try {
    return hashPassword(entry.encrypt, answer, { salt: entry.salt, saltSize: entry.salt_size });
  } catch (error) {
    if (error instanceof CryptError) throw new OptionError(`vars_prompt ${entry.name}: ${error.message}`);
    throw error;
  }
}

async function answerOf(request: PromptRequest, ask: Prompter | undefined): Promise<string> {
  const answer = ask ? await ask(request) : undefined;
  if (answer === undefined) {
    if (request.default !== undefined) return request.default;
    throw new OptionError(
      `vars_prompt ${request.name}: there is no terminal to ask on and the prompt has no default; pass it with -e ${request.name}=VALUE`,
    );
  }
  return answer === '' && request.default !== undefined ? request.default : answer;
}
