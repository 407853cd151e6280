/**
 * Ends one running command early when its AbortSignal fires (a task
 * timeout, an exec timeout, a closing connection). Once the command's
 * shell has reported its pid, `stop` ends its processes on the host, so
 * the command's channel or pipe closes by itself. If that has not
 * happened by the deadline (the pid never came, or a process kept the
 * output open), `forceEnd` closes it from this side. If even that does not
 * end it soon (sshd confirms a channel's close only once its command has
 * exited), `giveUp` lets the exec reject while the command may still run.
 */

/** Time from the abort to `forceEnd`: the stop script needs up to about 2.5 s. */
export const STOP_DEADLINE_MS = 5_000;
/** Time from `forceEnd` to `giveUp`. */
const GIVE_UP_AFTER_MS = 1_000;
/** Maximum time from the abort until an aborted exec settles. */
export const MAX_STOP_MS = STOP_DEADLINE_MS + GIVE_UP_AFTER_MS;

/** Ends the processes of a started command, given its shell's pid. */
export type StopProcesses = (pid: number) => Promise<void>;

/** The error an exec rejects with when its signal stopped it. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the command was stopped before it finished');
}

/** Aborts after timeoutMs with the message of a timed-out command; `clear` cancels it. */
export function timeoutSignal(timeoutMs: number, command: string): { signal: AbortSignal; clear: () => void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`command timed out after ${timeoutMs} ms: ${command}`)), timeoutMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

export class CommandStop {
  private pid: number | undefined;
  private isStopping = false;
  private isAborted = false;
  private isFinished = false;
  private deadline: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.abort();

  constructor(
    private readonly signal: AbortSignal | undefined,
    private readonly stop: StopProcesses | undefined,
    private readonly forceEnd: () => void,
    private readonly giveUp: (reason: Error) => void,
  ) {
    if (!signal) return;
    signal.addEventListener('abort', this.onAbort, { once: true });
    if (signal.aborted) this.abort();
  }

  /** Called when the command's shell reports its pid. */
  started(pid: number): void {
    this.pid = pid;
    if (this.isAborted) this.stopProcesses();
  }

  /** Called when the command has ended; returns the error to reject with when the signal stopped it. */
  finish(): Error | undefined {
    this.isFinished = true;
    clearTimeout(this.deadline);
    this.signal?.removeEventListener('abort', this.onAbort);
    return this.isAborted && this.signal ? abortReason(this.signal) : undefined;
  }

  private abort(): void {
    if (this.isAborted) return;
    this.isAborted = true;
    this.deadline = setTimeout(() => this.endFromHere(), STOP_DEADLINE_MS);
    if (this.pid !== undefined || !this.stop) this.stopProcesses();
  }

  private stopProcesses(): void {
    if (this.isStopping) return;
    this.isStopping = true;
    if (!this.stop || this.pid === undefined) return this.endFromHere();
    this.stop(this.pid).catch(() => this.endFromHere());
  }

  private endFromHere(): void {
    if (this.isFinished) return;
    clearTimeout(this.deadline);
    this.forceEnd();
    this.deadline = setTimeout(() => this.giveUp(abortReason(this.signal!)), GIVE_UP_AFTER_MS);
  }
}
