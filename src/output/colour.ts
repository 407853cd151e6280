/** ANSI colours, one meaning each: green ok, yellow changed, red failure,
 * cyan skipped, magenta warning. Off for pipes and with NO_COLOR. */

export type Colour = 'green' | 'yellow' | 'red' | 'cyan' | 'magenta';

const CODES: Record<Colour, number> = { green: 32, yellow: 33, red: 31, cyan: 36, magenta: 35 };

export function colours(enabled: boolean): (colour: Colour, text: string) => string {
  if (!enabled) return (_colour, text) => text;
  return (colour, text) => `\u001b[${CODES[colour]}m${text}\u001b[0m`;
}

export function colourWanted(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';
}
