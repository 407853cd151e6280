/**
 * The process id of a running command, which a connection needs to stop
 * it. The command line is prefixed with `echo MARKER $$;`, so the shell
 * that runs the command writes its own pid on stdout before anything else.
 * A reader takes that line out of stdout again, so modules never see it.
 */
import { randomBytes } from 'node:crypto';

export interface MarkedCommand {
  /** The command line to run instead of the original. */
  command: string;
  /** The word that starts the pid line. */
  marker: string;
}

/** Prefixes a command line with the echo of its shell's pid. */
export function markCommand(command: string): MarkedCommand {
  const marker = `SKPRUN-PID-${randomBytes(8).toString('hex')}`;
  return { command: `echo ${marker} $$; ${command}`, marker };
}

/**
 * Follows a marked command's stdout: keeps it back until the pid line has
 * arrived, then passes the rest on unchanged.
 */
export class PidReader {
  /** The pid the shell reported; undefined until its line has arrived. */
  pid: number | undefined;
  private pending = Buffer.alloc(0);
  private found = false;

  constructor(
    private readonly marker: string,
    private readonly onPid: (pid: number) => void = () => undefined,
  ) {}

  /** Returns the part of a stdout chunk that the command wrote. */
  stdout(chunk: Buffer): Buffer {
    if (this.found) return chunk;
    this.pending = Buffer.concat([this.pending, chunk]);
    const start = this.pending.indexOf(`${this.marker} `);
    if (start < 0) return Buffer.alloc(0);
    const end = this.pending.indexOf('\n', start);
    if (end < 0) return Buffer.alloc(0);

    this.found = true;
    const line = this.pending.subarray(start + this.marker.length + 1, end).toString('utf8');
    const rest = Buffer.concat([this.pending.subarray(0, start), this.pending.subarray(end + 1)]);
    this.pending = Buffer.alloc(0);
    const pid = Number(line.trim());
    if (Number.isInteger(pid) && pid > 1) {
      this.pid = pid;
      this.onPid(pid);
    }
    return rest;
  }

  /** Returns the stdout still held when the command ended without a pid line (its shell failed first). */
  finish(): Buffer {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest;
  }
}
