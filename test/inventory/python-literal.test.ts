import { expect } from 'chai';
import { parseIniValue } from '../../src/inventory/python-literal.js';

// Each expected value is what Python 3's ast.literal_eval gives (tuples and
// sets as lists), or the text itself where literal_eval raises.
const CASES: [string, unknown][] = [
  ['22', 22],
  ['-3', -3],
  ['0x1F', 31],
  ['0o644', 420],
  ['1_000', 1000],
  ['1.5', 1.5],
  ['1e3', 1000],
  ['.5', 0.5],
  ['True', true],
  ['None', null],
  ["'x y'", 'x y'],
  ["'a' 'b'", 'ab'],
  ["'\\x41\\101'", 'AA'],
  ["r'\\n'", '\\n'],
  ['[1, 2]', [1, 2]],
  ['[1,]', [1]],
  ['(1, 2)', [1, 2]],
  ['(1)', 1],
  ['{1, 2}', [1, 2]],
  ["{'k': 1, 'j': [2]}", { k: 1, j: [2] }],
  ['{}', {}],
  ["'quoted' # comment", 'quoted'],
  ['yes', 'yes'],
  ['true', 'true'],
  ['0644', '0644'],
  ['web01', 'web01'],
  ['{k:1}', '{k:1}'],
  ['1j', '1j'],
  ['1+2', '1+2'],
  ["f'x'", "f'x'"],
  ["'unterminated", "'unterminated"],
];

describe('parseIniValue', () => {
  for (const [text, expected] of CASES) {
    it(`reads ${text}`, () => {
      expect(parseIniValue(text)).to.deep.equal(expected);
    });
  }
});
