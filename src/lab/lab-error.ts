import { SkprunError } from '../errors.js';

/**
 * A lab that cannot be brought up, down or read. The message names the host,
 * file or command involved and what was expected, in one line.
 */
export class LabError extends SkprunError {}
