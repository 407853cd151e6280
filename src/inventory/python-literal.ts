/**
 * Reads INI inventory values as Ansible does, through Python's
 * ast.literal_eval: numbers, quoted strings, True/False/None, lists, tuples,
 * dicts and sets. A value that is not such a literal stays the text it was
 * (`yes`, `0644`, `web01`). Tuples and sets become lists, as in ansible-core.
 */

class NotLiteral extends Error {}

const ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '',
};

/** Returns the value of `text` as a Python literal, or the text itself when it is not a literal. */
export function parseIniValue(text: string): unknown {
  try {
    const reader = new LiteralReader(text);
    const value = reader.expression();
    reader.end();
    return value;
  } catch (error) {
    if (error instanceof NotLiteral) return text;
    throw error;
  }
}

class LiteralReader {
  private at = 0;

  constructor(private readonly text: string) {}

  end(): void {
    this.skipSpace();
    if (this.at < this.text.length) throw new NotLiteral();
  }

  expression(): unknown {
    this.skipSpace();
    const ch = this.text[this.at];
    if (ch === '+' || ch === '-') return this.signedNumber();
    if (ch === '[') return this.sequence('[', ']');
    if (ch === '(') return this.parenthesised();
    if (ch === '{') return this.braces();
    if (/[0-9.]/.test(ch ?? '')) return this.number();
    if (/['"rRuUbB]/.test(ch ?? '')) return this.strings();
    return this.keyword();
  }

  private signedNumber(): number {
    const sign = this.text[this.at] === '-' ? -1 : 1;
    this.at++;
    this.skipSpace();
    return sign * this.number();
  }

  private number(): number {
    const rest = this.text.slice(this.at);
    const match =
      rest.match(/^0[xX](?:_?[0-9a-fA-F])+|^0[oO](?:_?[0-7])+|^0[bB](?:_?[01])+/) ??
      rest.match(/^(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][-+]?\d(?:_?\d)*)?/);
    const literal = match?.[0] ?? '';
    if (!/\d/.test(literal) || /^[jJ]/.test(rest.slice(literal.length))) throw new NotLiteral();
    this.at += literal.length;
    return readNumber(literal.replace(/_/g, ''));
  }

  private strings(): string {
    let value = this.string();
    for (;;) {
      this.skipSpace();
      if (!/^(?:[rRuUbB]{0,2})['"]/.test(this.text.slice(this.at))) return value;
      value += this.string();
    }
  }

  private string(): string {
    const prefix = this.text.slice(this.at).match(/^[rRuUbB]{0,2}/)?.[0] ?? '';
    if (/[fF]/.test(prefix) || (prefix.length === 2 && !/^(?:[rR][bB]|[bB][rR])$/.test(prefix))) throw new NotLiteral();
    this.at += prefix.length;
    const quote = this.text.startsWith(this.text[this.at].repeat(3), this.at) ? this.text[this.at].repeat(3) : this.text[this.at];
    if (quote[0] !== '"' && quote[0] !== "'") throw new NotLiteral();
    this.at += quote.length;
    return this.stringBody(quote, /[rR]/.test(prefix));
  }

  private stringBody(quote: string, isRaw: boolean): string {
    let value = '';
    while (this.at < this.text.length) {
      if (this.text.startsWith(quote, this.at)) {
        this.at += quote.length;
        return value;
      }
      const ch = this.text[this.at];
      if (ch === '\n' && quote.length === 1) break;
      if (ch === '\\') {
        value += isRaw ? this.text.slice(this.at, this.at + 2) : this.escape();
        this.at += isRaw ? 2 : 0;
        continue;
      }
      value += ch;
      this.at++;
    }
    throw new NotLiteral();
  }

  /** Reads one backslash escape, as Python does in a string that is not raw. */
  private escape(): string {
    const next = this.text[this.at + 1] ?? '';
    const hex = { x: 2, u: 4, U: 8 }[next];
    if (hex) {
      const digits = this.text.slice(this.at + 2, this.at + 2 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) throw new NotLiteral();
      this.at += 2 + hex;
      return String.fromCodePoint(parseInt(digits, 16));
    }
    const octal = this.text.slice(this.at + 1).match(/^[0-7]{1,3}/)?.[0];
    if (octal) {
      this.at += 1 + octal.length;
      return String.fromCharCode(parseInt(octal, 8));
    }
    this.at += 2;
    return ESCAPES[next] ?? `\\${next}`;
  }

  private keyword(): unknown {
    const word = this.text.slice(this.at).match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0];
    const values: Record<string, unknown> = { True: true, False: false, None: null };
    if (!word || !(word in values)) throw new NotLiteral();
    this.at += word.length;
    return values[word];
  }

  private sequence(open: string, close: string): unknown[] {
    this.at += open.length;
    const items: unknown[] = [];
    while (!this.take(close)) {
      items.push(this.expression());
      if (!this.take(',')) {
        this.expect(close);
        break;
      }
    }
    return items;
  }

  /** `(1, 2)` is a tuple, read as a list; `(1)` is just 1. */
  private parenthesised(): unknown {
    this.at++;
    if (this.take(')')) return [];
    const first = this.expression();
    if (this.take(')')) return first;
    this.expect(',');
    const rest = this.sequence('', ')');
    return [first, ...rest];
  }

  /** Reads a dict (`{'a': 1}`) or a set (`{1, 2}`, read as a list). */
  private braces(): unknown {
    this.at++;
    if (this.take('}')) return {};
    const first = this.expression();
    if (!this.take(':')) return [first, ...this.setRest()];
    const dict: Record<string, unknown> = {};
    let key = first;
    for (;;) {
      Object.defineProperty(dict, String(key), { value: this.expression(), enumerable: true, writable: true, configurable: true });
      if (!this.take(',') || this.take('}')) break;
      key = this.expression();
      this.expect(':');
    }
    if (this.text[this.at - 1] !== '}') this.expect('}');
    return dict;
  }

  /** Reads the items after a set's first one. */
  private setRest(): unknown[] {
    if (this.take(',')) return this.sequence('', '}');
    this.expect('}');
    return [];
  }

  private take(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.at)) return false;
    this.at += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.take(token)) throw new NotLiteral();
  }

  /** Skips spaces and a `#` comment, which Python's parser ignores too. */
  private skipSpace(): void {
    for (;;) {
      while (/\s/.test(this.text[this.at] ?? '')) this.at++;
      if (this.text[this.at] !== '#') return;
      while (this.at < this.text.length && this.text[this.at] !== '\n') this.at++;
    }
  }
}

/** Reads a Python number literal; decimal integers may not have leading zeros, as in Python 3. */
function readNumber(literal: string): number {
  const base = { x: 16, o: 8, b: 2 }[literal[1]?.toLowerCase() ?? ''];
  if (literal[0] === '0' && base) return parseInt(literal.slice(2), base);
  if (/^\d+$/.test(literal)) {
    if (/^0+[1-9]/.test(literal)) throw new NotLiteral();
    return parseInt(literal, 10);
  }
  return parseFloat(literal);
}
