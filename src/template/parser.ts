/**
 * nunjucks' parser, taught the Jinja2 syntax that Ansible content uses and
 * nunjucks lacks. That is slices (`name[:8]`), tests with an argument
 * without parentheses (`n is divisibleby 3`, `x is in list`), dotted test
 * names (`ansible.builtin.version`), tuples and trailing commas. Strings
 * follow Python's escapes, so an unknown escape such as `'\d'` keeps its
 * backslash.
 */
import {
  lexer,
  nodes,
  NunjucksTemplateError,
  ParserClass,
  type AstNode,
  type NodeClass,
  type Token,
  type Tokenizer,
} from './nunjucks-internals.js';

/** `target[start:stop:step]`, with null for an absent part. */
export const SliceNode: NodeClass = nodes.Node.extend('Slice', {
  fields: ['target', 'start', 'stop', 'step'],
});

/** `target is name(args)`, where `args` is a NodeList, possibly ending in KeywordArgs. */
export const TestNode: NodeClass = nodes.Node.extend('Test', {
  fields: ['target', 'name', 'args'],
});

/** Words after a test name that end the test instead of being its argument. */
const NOT_AN_ARGUMENT = new Set(['and', 'or', 'else', 'if', 'is', 'not', 'in']);

const VALUE_TOKENS = new Set([
  lexer.TOKEN_SYMBOL,
  lexer.TOKEN_STRING,
  lexer.TOKEN_INT,
  lexer.TOKEN_FLOAT,
  lexer.TOKEN_BOOLEAN,
  lexer.TOKEN_NONE,
  lexer.TOKEN_LEFT_BRACKET,
  lexer.TOKEN_LEFT_CURLY,
]);

const ADDITIVE: Record<string, NodeClass> = { '+': nodes.Add, '-': nodes.Sub };
const MULTIPLICATIVE: Record<string, NodeClass> = {
  '*': nodes.Mul,
  '/': nodes.Div,
  '//': nodes.FloorDiv,
  '%': nodes.Mod,
};

const AGGREGATES: Record<string, { node: NodeClass; close: string; closeText: string }> = {
  [lexer.TOKEN_LEFT_PAREN]: { node: nodes.Group, close: lexer.TOKEN_RIGHT_PAREN, closeText: ')' },
  [lexer.TOKEN_LEFT_BRACKET]: {
    node: nodes.Array,
    close: lexer.TOKEN_RIGHT_BRACKET,
    closeText: ']',
  },
  [lexer.TOKEN_LEFT_CURLY]: { node: nodes.Dict, close: lexer.TOKEN_RIGHT_CURLY, closeText: '}' },
};

const TEST_NAME_TOKENS = new Set([lexer.TOKEN_SYMBOL, lexer.TOKEN_BOOLEAN, lexer.TOKEN_NONE]);

export class JinjaParser extends ParserClass {
  override parsePostfix(start: AstNode): AstNode {
    let node = start;
    for (;;) {
      const token = this.peekToken();
      if (token?.type === lexer.TOKEN_LEFT_BRACKET) {
        node = this.parseSubscript(node);
      } else if (token?.type === lexer.TOKEN_LEFT_PAREN) {
        node = new nodes.FunCall(token.lineno, token.colno, node, this.parseSignature());
      } else if (token?.type === lexer.TOKEN_OPERATOR && token.value === '.') {
        this.nextToken();
        node = new nodes.LookupVal(token.lineno, token.colno, node, this.parseAttributeName());
      } else {
        return node;
      }
    }
  }

  /** Parses the name after a dot. As in Jinja2, `items.0` reads item 0. */
  private parseAttributeName(): AstNode {
    const token = this.nextToken();
    if (token?.type === lexer.TOKEN_SYMBOL)
      return new nodes.Literal(token.lineno, token.colno, token.value);
    if (token?.type === lexer.TOKEN_INT)
      return new nodes.Literal(token.lineno, token.colno, Number(token.value));
    // The lexer reads `0.` of `items.0.name` as a float, whose dot starts the next lookup.
    if (token?.type === lexer.TOKEN_FLOAT && /^\d+\.$/.test(token.value)) {
      this.pushToken({ ...token, type: lexer.TOKEN_OPERATOR, value: '.' });
      return new nodes.Literal(token.lineno, token.colno, parseInt(token.value, 10));
    }
    return this.fail(
      `expected a name after ".", got ${token?.value ?? 'the end'}`,
      token?.lineno,
      token?.colno,
    );
  }

  /** Parses `[index]` or `[start:stop:step]` after `target`. */
  private parseSubscript(target: AstNode): AstNode {
    const open = this.nextToken() as Token;
    const parts: (AstNode | null)[] = [null, null, null];
    let part = 0;
    for (;;) {
      const token = this.peekToken();
      if (!token) this.fail('expected ] to close the subscript', open.lineno, open.colno);
      if (token.type === lexer.TOKEN_RIGHT_BRACKET) break;
      if (token.type === lexer.TOKEN_COLON) {
        this.nextToken();
        if (++part > 2) this.fail('a slice takes at most three parts', token.lineno, token.colno);
      } else {
        if (parts[part] !== null)
          this.fail('expected : or ] in the subscript', token.lineno, token.colno);
        parts[part] = this.parseExpression();
      }
    }
    this.nextToken();

    if (part > 0) return new SliceNode(open.lineno, open.colno, target, ...parts);
    if (parts[0] === null) this.fail('expected an index inside []', open.lineno, open.colno);
    return new nodes.LookupVal(open.lineno, open.colno, target, parts[0]);
  }

  /**
   * `+` and `-` at one level, left to right, as in Python. nunjucks parses
   * `-` below `+`, which groups `a + b - c` as `a + (b - c)`.
   */
  parseAdd(): AstNode {
    return this.parseLeftAssociative(ADDITIVE, () => this.parseMul());
  }

  /** `*`, `/`, `//` and `%` at one level, so that `10 * 3 // 4` is 7, as in Python. */
  parseMul(): AstNode {
    return this.parseLeftAssociative(MULTIPLICATIVE, () => this.parsePow());
  }

  private parseLeftAssociative(
    operators: Record<string, NodeClass>,
    operand: () => AstNode,
  ): AstNode {
    let node = operand();
    for (;;) {
      const token = this.peekToken();
      const kind = token?.type === lexer.TOKEN_OPERATOR ? operators[token.value] : undefined;
      if (!kind) return node;
      this.nextToken();
      node = new kind(node.lineno, node.colno, node, operand());
    }
  }

  /**
   * Lists, dicts and parentheses. Unlike nunjucks, a trailing comma is
   * allowed, and `(a,)` or `(a, b)` is a tuple (marked `isTuple`).
   */
  override parseAggregate(): AstNode {
    const open = this.nextToken();
    const kind = open ? AGGREGATES[open.type] : undefined;
    if (!open || !kind) return null;

    const node = new kind.node(open.lineno, open.colno);
    let sawComma = false;
    while (!this.skip(kind.close)) {
      if (node.children.length > 0) {
        if (!this.skip(lexer.TOKEN_COMMA))
          this.fail(`expected a comma or ${kind.closeText}`, open.lineno, open.colno);
        sawComma = true;
        if (this.skip(kind.close)) break;
      }
      node.addChild(kind.node === nodes.Dict ? this.parsePair() : this.parseExpression());
    }
    if (kind.node === nodes.Group && sawComma) node.isTuple = true;
    return node;
  }

  /** Parses `key: value` in a dict literal. As in Jinja2, the key is any expression. */
  private parsePair(): AstNode {
    const key = this.parseExpression();
    const colon = this.nextToken();
    if (colon?.type !== lexer.TOKEN_COLON)
      this.fail('expected : after a dict key', key.lineno, key.colno);
    return new nodes.Pair(key.lineno, key.colno, key, this.parseExpression());
  }

  /** Jinja2 tests: `x is name`, `x is name(args)`, `x is name arg`, `x is not ...`. */
  parseIs(): AstNode {
    let node = this.parseCompare();
    if (!this.skipSymbol('is')) return node;

    const negated = this.skipSymbol('not');
    const nameToken = this.nextToken();
    if (!nameToken || !TEST_NAME_TOKENS.has(nameToken.type)) {
      this.fail('expected a test name after "is"', nameToken?.lineno, nameToken?.colno);
    }
    let name = nameToken.value;
    while (this.skipValue(lexer.TOKEN_OPERATOR, '.'))
      name += `.${this.expect(lexer.TOKEN_SYMBOL).value}`;

    const args = this.parseTestArguments();
    node = new TestNode(nameToken.lineno, nameToken.colno, node, name, args);
    return negated ? new nodes.Not(node.lineno, node.colno, node) : node;
  }

  private parseTestArguments(): AstNode {
    const next = this.peekToken();
    if (next?.type === lexer.TOKEN_LEFT_PAREN) return this.parseSignature();

    const args = new nodes.NodeList(next?.lineno ?? 0, next?.colno ?? 0, []);
    const isArgument = next && VALUE_TOKENS.has(next.type) && !NOT_AN_ARGUMENT.has(next.value);
    if (isArgument) args.addChild(this.parsePrimary());
    return args;
  }
}

// prettier-ignore
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v',
  '\\': '\\', "'": "'", '"': '"', '\n': '',
};

const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * Reads a quoted string with Python's escape rules, on the tokenizer
 * positioned at the opening quote. Installed on each tokenizer instance.
 */
function parsePythonString(this: Tokenizer, delimiter: string): string {
  this.forward();
  let text = '';
  while (!this.isFinished() && this.current() !== delimiter) {
    const char = this.current();
    this.forward();
    if (char !== '\\' || this.isFinished()) {
      text += char;
      continue;
    }
    text += readEscape(this);
  }
  this.forward();
  return text;
}

function readEscape(tokens: Tokenizer): string {
  const char = tokens.current();
  tokens.forward();
  if (char in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[char];

  if (/[0-7]/.test(char)) {
    let digits = char;
    while (digits.length < 3 && /[0-7]/.test(tokens.current())) {
      digits += tokens.current();
      tokens.forward();
    }
    return String.fromCodePoint(parseInt(digits, 8));
  }

  const length = HEX_ESCAPE_LENGTH[char];
  if (length) {
    let digits = '';
    while (digits.length < length && /[0-9a-fA-F]/.test(tokens.current())) {
      digits += tokens.current();
      tokens.forward();
    }
    if (digits.length === length) return String.fromCodePoint(parseInt(digits, 16));
    return `\\${char}${digits}`;
  }
  return `\\${char}`;
}

export interface ParseOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
}

/**
 * Ansible's defaults: the newline after a block tag is dropped (trim_blocks),
 * spaces before a block tag are kept (lstrip_blocks off).
 */
export const ANSIBLE_PARSE_OPTIONS: ParseOptions = { trimBlocks: true, lstripBlocks: false };

/** A Python identifier, as Jinja2 names are; nunjucks' lexer takes any run of other characters. */
const NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/**
 * Wraps the tokenizer so that it reads `}` as the end of a dict literal
 * while one is open, and `{{ {'a': {'b': 1}} }}` does not end at the first
 * `}}`. It also rejects names that are not identifiers, because nunjucks
 * pastes some names into the JavaScript it generates.
 */
function wrapTokenizer(tokens: Tokenizer): void {
  const readToken = tokens.nextToken.bind(tokens);
  let depth = 0;
  tokens.nextToken = () => {
    if (depth > 0 && tokens.in_code && tokens.current() === '}') {
      const { lineno, colno } = tokens;
      tokens.forward();
      depth--;
      return { type: lexer.TOKEN_RIGHT_CURLY, value: '}', lineno, colno };
    }
    const token = readToken();
    if (token?.type === lexer.TOKEN_SYMBOL && !NAME.test(token.value)) {
      throw new NunjucksTemplateError(
        `invalid name '${token.value}'`,
        token.lineno + 1,
        token.colno + 1,
      );
    }
    if (token?.type === lexer.TOKEN_LEFT_CURLY) depth++;
    else if (token?.type === lexer.TOKEN_RIGHT_CURLY) depth--;
    return token;
  };
}

/** Parses a template into a nunjucks Root node. */
export function parseTemplate(source: string, options: ParseOptions): AstNode {
  const tokens = lexer.lex(source, options);
  tokens._parseString = parsePythonString;
  wrapTokenizer(tokens);
  try {
    return new JinjaParser(tokens).parseAsRoot();
  } catch (error) {
    // At the end of the text, nunjucks 3.2 reads the type of a missing token
    // in a few places (`{{ f(`, a bare `{%`) and fails with a TypeError.
    if (error instanceof TypeError && tokens.isFinished()) {
      throw new NunjucksTemplateError('unexpected end of template: a tag or a call is not closed');
    }
    throw error;
  }
}

/** True when the text contains `{{`, `{%` or `{#`, as Ansible decides what to template. */
export function isTemplated(text: string): boolean {
  const brace = text.indexOf('{');
  if (brace < 0) return false;
  return text.includes('{{', brace) || text.includes('{%', brace) || text.includes('{#', brace);
}

/** Checks whether a parsed template is one `{{ expression }}` and nothing else. */
export function isSingleExpression(ast: AstNode): boolean {
  if (ast.children.length !== 1) return false;
  const [output] = ast.children;
  if (!(output instanceof nodes.Output) || output.children.length !== 1) return false;
  return !(output.children[0] instanceof nodes.TemplateData);
}
