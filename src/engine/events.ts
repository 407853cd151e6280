/**
 * What the engine tells the outside while it runs. Renderers (live, plain,
 * JSON) turn these into output; the engine never prints.
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
  | { kind: 'playbook_start'; file: string }
  | { kind: 'play_start'; name: string; hosts: string[] }
  | { kind: 'task_start'; name: string; module: string; hosts: string[]; isHandler: boolean }
  | {
      kind: 'host_start';
      host: string;
      task: string;
    }
  | {
      kind: 'host_result';
      host: string;
      task: string;
      status: HostStatus;
      msg: string;
      durationMs: number;
      /** The loop item this result is for, when the task loops. */
      item?: unknown;
      result: Record<string, unknown>;
    }
  | { kind: 'warning'; message: string }
  | { kind: 'no_hosts'; play: string; pattern: string }
  | { kind: 'recap'; stats: Record<string, HostStats>; durationMs: number };

export type EventSink = (event: RunEvent) => void;

export function emptyStats(): HostStats {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}
