/**
 * Python's printf-style string formatting, `'%s-%d' % (name, port)`, which
 * Jinja2 templates use through the `%` operator and the `format` filter.
 */
import { TemplateError } from './errors.js';
import { isMapping, isTuple, repr, toStr, typeName, type Mapping } from './python.js';
import { ensureDefined } from './undefined.js';

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?[hlL]?(.?)/y;

interface Spec {
  flags: string;
  width: number;
  precision: number | undefined;
  type: string;
}

/** Formats `format % operand`. A tuple operand supplies one argument per field. */
export function percentFormat(format: string, operand: unknown): string {
  const args = isTuple(operand) ? operand : [operand];
  const mapping = isMapping(operand) ? operand : undefined;
  let next = 0;
  let output = '';

  const takeArgument = (): unknown => {
    if (next >= args.length) throw new TemplateError('not enough arguments for format string');
    return ensureDefined(args[next++]);
  };

  for (let i = 0; i < format.length;) {
    const percent = format.indexOf('%', i);
    if (percent < 0) {
      output += format.slice(i);
      break;
    }
    output += format.slice(i, percent);
    SPEC.lastIndex = percent;
    const match = SPEC.exec(format);
    if (!match || match[5] === '') throw new TemplateError('incomplete format');
    i = SPEC.lastIndex;

    const [, key, flags, widthText, precisionText, type] = match;
    if (type === '%') {
      output += '%';
      continue;
    }
    const width = widthText === '*' ? Number(takeArgument()) : Number(widthText ?? 0);
    let precision: number | undefined;
    if (precisionText === '*') precision = Number(takeArgument());
    else if (precisionText) precision = Number(precisionText);
    const value = key !== undefined ? mappingValue(mapping, key) : takeArgument();
    output += formatField(value, { flags, width, precision, type });
  }

  if (!mapping && next < args.length) {
    throw new TemplateError('not all arguments converted during string formatting');
  }
  return output;
}

function mappingValue(mapping: Mapping | undefined, key: string): unknown {
  if (!mapping) throw new TemplateError('format requires a mapping');
  if (!Object.hasOwn(mapping, key)) throw new TemplateError(`format key '${key}' is missing`);
  return ensureDefined(mapping[key]);
}

function formatField(value: unknown, spec: Spec): string {
  const { type, precision } = spec;
  if (type === 's') return pad(truncate(toStr(value), precision), spec, false);
  if (type === 'r' || type === 'a') return pad(truncate(repr(value), precision), spec, false);
  if (type === 'c') return pad(formatChar(value), spec, false);
  if ('diouxXeEfFgG'.includes(type)) return pad(formatNumeric(value, spec), spec, true);
  throw new TemplateError(`unsupported format character '${type}'`);
}

function truncate(text: string, precision: number | undefined): string {
  return precision === undefined ? text : text.slice(0, precision);
}

function formatChar(value: unknown): string {
  if (typeof value === 'number') return String.fromCodePoint(value);
  if (typeof value === 'string' && [...value].length === 1) return value;
  throw new TemplateError('%c requires an int or a unicode character');
}

function formatNumeric(value: unknown, spec: Spec): string {
  const { type, flags } = spec;
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new TemplateError(`%${type} format: a real number is required, not ${typeName(value)}`);
  }
  const number = Number(value);
  if ('oxX'.includes(type) && !Number.isInteger(number)) {
    throw new TemplateError(`%${type} format: an integer is required, not float`);
  }

  return signOf(number, flags) + formatDigits(Math.abs(number), spec);
}

function signOf(number: number, flags: string): string {
  if (number < 0 || Object.is(number, -0)) return '-';
  if (flags.includes('+')) return '+';
  return flags.includes(' ') ? ' ' : '';
}

function formatDigits(magnitude: number, spec: Spec): string {
  const { type, flags } = spec;
  const alternate = flags.includes('#');
  const precision = spec.precision ?? 6;
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
      return String(Math.trunc(magnitude)).padStart(spec.precision ?? 1, '0');
    case 'o':
      return (alternate ? '0o' : '') + magnitude.toString(8);
    case 'x':
      return (alternate ? '0x' : '') + magnitude.toString(16);
    case 'X':
      return (alternate ? '0X' : '') + magnitude.toString(16).toUpperCase();
    case 'f':
    case 'F':
      return magnitude.toFixed(precision);
    case 'e':
    case 'E':
      return exponent(magnitude, precision, type === 'E');
    default:
      return general(magnitude, precision, alternate, type === 'G');
  }
}

function exponent(magnitude: number, precision: number, upper: boolean): string {
  const text = magnitude.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
  return upper ? text.toUpperCase() : text;
}

/** Python's `%g`: fixed or exponent form by magnitude, trailing zeros dropped. */
function general(magnitude: number, precision: number, alternate: boolean, upper: boolean): string {
  const significant = precision === 0 ? 1 : precision;
  if (magnitude === 0) return alternate ? (0).toFixed(significant - 1) : '0';

  const rounded = Number(magnitude.toExponential(significant - 1));
  const power = Math.floor(Math.log10(rounded));
  const text =
    power >= -4 && power < significant
      ? magnitude.toFixed(significant - 1 - power)
      : exponent(magnitude, significant - 1, upper);
  return alternate ? text : stripZeros(text);
}

function stripZeros(text: string): string {
  const [mantissa, power = ''] = text.split(/(?=[eE])/);
  return (mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa) + power;
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  const { flags, width } = spec;
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (numeric && flags.includes('0')) {
    const sign = /^[-+ ]/.test(text) ? text[0] : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}
