/**
 * What the engine tells the outside while it runs. Renderers (live, plain,
 * JSON) turn these into output; the engine never prints. docs/json-output.md
 * describes each event as `--output json` writes it.
 */

/** The outcome of one task on one host, as the recap counts it. */
export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable' | 'ignored' | 'rescued';

export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export type RunEvent =
  | { kind: 'playbook_start'; file: string; check: boolean; diff: boolean }
  | { kind: 'play_start'; name: string; hosts: string[]; strategy: string }
  | {
      kind: 'task_start';
      /** Unique in the run; host_result and item_result events name it. */
      id: number;
      name: string;
      module: string;
      hosts: string[];
      isHandler: boolean;
      /** The role the task comes from, if any. */
      role?: string;
      /** `file:line:column` of the task, when it was written in a file. */
      position?: string;
    }
  | { kind: 'host_start'; host: string; task: string; taskId: number }
  | {
      kind: 'item_result';
      host: string;
      task: string;
      taskId: number;
      status: HostStatus;
      /** The item, or loop_control.label, as text. */
      label: string;
      result: Record<string, unknown>;
    }
  | {
      kind: 'host_result';
      host: string;
      task: string;
      taskId: number;
      status: HostStatus;
      msg: string;
      durationMs: number;
      /** The host that ran the task instead (delegate_to). */
      delegatedTo?: string;
      result: Record<string, unknown>;
    }
  | {
      /** A signal stopped the run while the task was running or waiting on this host: it has no result. */
      kind: 'host_interrupted';
      host: string;
      task: string;
      taskId: number;
    }
  | {
      /** An `until` condition failed and the task runs again after its delay. */
      kind: 'retry';
      host: string;
      task: string;
      taskId: number;
      /** The attempt that just ended, from 1. */
      attempt: number;
      retriesLeft: number;
    }
  | {
      kind: 'command';
      host: string;
      taskId: number;
      command: string;
      exitCode: number;
      durationMs: number;
    }
  | { kind: 'connection'; host: string; detail: string; durationMs: number }
  | { kind: 'warning'; message: string }
  | { kind: 'no_hosts'; play: string; pattern: string }
  | { kind: 'recap'; stats: Record<string, HostStats>; durationMs: number };

export type EventSink = (event: RunEvent) => void;

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}
