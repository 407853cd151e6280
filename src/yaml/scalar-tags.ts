/**
 * The YAML 1.1 scalar types as PyYAML resolves them, which is what Ansible
 * reads. The `yaml` package's own 1.1 schema differs in ways that change
 * playbooks: it reads `y` and `n` as booleans and `1e3` as a number, while
 * PyYAML keeps both strings. These tags use PyYAML 6's resolver patterns.
 *
 * Timestamps (`2001-12-14`) stay strings: PyYAML would make a date object,
 * but its text is what a template prints in nearly every use.
 */
import type { ScalarTag } from 'yaml';

// PyYAML 6.0, yaml/resolver.py, implicit resolvers for bool, int, float, null.
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT =
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NULL = /^(?:~|null|Null|NULL|)$/;

const TRUE_WORDS = new Set(['yes', 'true', 'on']);

export function resolveBool(text: string): boolean {
  return TRUE_WORDS.has(text.toLowerCase());
}

/** Reads a YAML 1.1 integer: binary, octal (leading 0), hex, sexagesimal. */
export function resolveInt(text: string): number {
  let digits = text.replace(/_/g, '');
  let sign = 1;
  if (digits[0] === '-' || digits[0] === '+') {
    if (digits[0] === '-') sign = -1;
    digits = digits.slice(1);
  }

  if (digits === '0') return 0;
  if (digits.startsWith('0b')) return sign * parseInt(digits.slice(2), 2);
  if (digits.startsWith('0x')) return sign * parseInt(digits.slice(2), 16);
  if (digits.includes(':')) return sign * sexagesimal(digits);
  if (digits.startsWith('0')) return sign * parseInt(digits, 8);
  return sign * parseInt(digits, 10);
}

/** Reads a YAML 1.1 float, including `.inf`, `.nan` and `190:20:30.15`. */
export function resolveFloat(text: string): number {
  let digits = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (digits[0] === '-' || digits[0] === '+') {
    if (digits[0] === '-') sign = -1;
    digits = digits.slice(1);
  }

  if (digits === '.inf') return sign * Infinity;
  if (digits === '.nan') return NaN;
  if (digits.includes(':')) return sign * sexagesimal(digits);
  return sign * parseFloat(digits);
}

/** Base 60, as in `1:30` = 90: each part is worth 60 times the next one. */
function sexagesimal(digits: string): number {
  return digits.split(':').reduce((total, part) => total * 60 + parseFloat(part), 0);
}

function numberOrError(value: number, text: string, type: string, onError: (m: string) => void) {
  if (Number.isNaN(value) && !/nan/i.test(text)) onError(`"${text}" is not a valid ${type}`);
  return value;
}

// Each type is one tag whose `resolve` reads every spelling, so that an
// explicit tag (`!!int "0x1F"`) finds a single definition by name.
export const scalarTags: ScalarTag[] = [
  {
    tag: 'tag:yaml.org,2002:null',
    default: true,
    test: NULL,
    resolve: () => null,
  },
  {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    test: BOOL,
    resolve: (text, onError) => {
      if (!BOOL.test(text)) onError(`"${text}" is not a valid boolean`);
      return resolveBool(text);
    },
  },
  {
    tag: 'tag:yaml.org,2002:int',
    default: true,
    test: INT,
    resolve: (text, onError) => numberOrError(resolveInt(text), text, 'integer', onError),
  },
  {
    tag: 'tag:yaml.org,2002:float',
    default: true,
    test: FLOAT,
    resolve: (text, onError) => numberOrError(resolveFloat(text), text, 'float', onError),
  },
];

/** Patterns the warnings check: a plain scalar read as a non-obvious type. */
export const patterns = { BOOL, INT, FLOAT };
