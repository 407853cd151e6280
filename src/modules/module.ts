/**
 * The contract every task module follows. A module declares its names and a
 * JSON schema for its arguments, which the playbook loader checks before any
 * host is contacted; at run time it reads the host's current state, decides
 * what must change, applies that unless in check mode, and returns a result.
 */
import type { Connection } from '../connection/connection.js';

/** A JSON schema (draft-07, as ajv reads it) for a module's arguments. */
export type ArgumentSchema = Record<string, unknown>;

export interface RunFlags {
  /** Check mode (-C): report what would change, change nothing. */
  check: boolean;
  /** Diff mode (-D): include before/after of what changed. */
  diff: boolean;
}

export interface ModuleContext {
  conn: Connection;
  flags: RunFlags;
  /** Inventory name of the host the task runs for. */
  hostName: string;
  /** Variables visible to the task, already templated where needed. */
  vars: Record<string, unknown>;
}

export interface FileDiff {
  before: string;
  after: string;
  beforeHeader?: string;
  afterHeader?: string;
}

export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  /**
   * The msg that Ansible's module of the same name returns: what was done,
   * or why nothing changed. It is registered and shown on the result line.
   */
  msg: string;
  /**
   * A reason for the result line when `msg` is empty, for modules whose
   * Ansible msg is empty (lineinfile when nothing changes). The engine
   * shows it only there: it is never registered and never appears in the
   * `result` of --output json.
   */
  displayReason?: string;
  diff?: FileDiff;
  /** Any further values, returned to `register` as Ansible's modules do. */
  [key: string]: unknown;
}

export interface ModuleDefinition<Args = Record<string, unknown>> {
  /** The short name, as a task writes it (`docker_volume`). */
  name: string;
  /** Further names a task may use, such as `community.docker.docker_volume`. */
  aliases: string[];
  schema: ArgumentSchema;
  /**
   * Whether a second run with the same arguments reports no change. False for
   * modules that always act, such as `command`.
   */
  idempotent: boolean;
  /**
   * Whether the module takes a free-form string (`command: docker ps`); the
   * string arrives as the argument named here.
   */
  freeForm?: string;
  /**
   * Arguments handed to the module as written, not templated, because the
   * module evaluates them as expressions itself (assert's `that`).
   */
  rawArguments?: string[];
  /** Runs on the controller only and needs no connection (`debug`). */
  controllerOnly?: boolean;
  run(args: Args, ctx: ModuleContext): Promise<ModuleResult>;
}

/** A failed result with a message, for a module to return. */
export function failure(msg: string, extra: Record<string, unknown> = {}): ModuleResult {
  return { changed: false, failed: true, msg, ...extra };
}

/** A result for the no-change path, which always states why. */
export function unchanged(reason: string, extra: Record<string, unknown> = {}): ModuleResult {
  return { changed: false, msg: reason, ...extra };
}

/**
 * Builds a no-change result with an empty msg, for modules whose Ansible
 * msg is empty then. The reason still reaches the result line as
 * displayReason.
 */
export function unchangedWithoutMessage(reason: string, extra: Record<string, unknown> = {}): ModuleResult {
  return { changed: false, msg: '', displayReason: reason, ...extra };
}
