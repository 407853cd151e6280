/**
 * The progress callback of labUp and labDown. It writes to whatever the
 * caller chose, often standard output, which can close early
 * (`skprun lab up | head -1`), and a lab step must not stop half way for it.
 */
export type LabLog = (line: string) => void;

/**
 * Wraps a progress callback so that an error it raises is dropped: the
 * lines are progress only, and the lab's own state file records every step.
 */
export function guardLog(log: LabLog | undefined): LabLog {
  return (line) => {
    try {
      log?.(line);
    } catch {
      // A broken output has nowhere to report to; the step goes on.
    }
  };
}
