/**
 * Typed handles on the parts of nunjucks 3 that its type definitions leave
 * out: the parser, the compiler, the AST node classes and the runtime. The
 * template engine subclasses the parser and the compiler to give templates
 * Jinja2's semantics, so it needs these classes, not the Environment API.
 * This file loads the lexer, the parser and the nodes; nunjucks-compiler.ts
 * loads the compiler and the runtime.
 */
import { createRequire } from 'node:module';

/** A node of the nunjucks AST, whose fields depend on its `typename`. */
export type AstNode = any;

export type NodeClass = new (lineno: number, colno: number, ...fields: unknown[]) => AstNode;

export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

/** The lexer's tokenizer, with only the members the parser subclass touches. */
export interface Tokenizer {
  in_code: boolean;
  lineno: number;
  colno: number;
  current(): string;
  forward(): void;
  isFinished(): boolean;
  nextToken(): Token | null;
  _parseString(delimiter: string): string;
}

/** The methods of nunjucks' Parser that the subclass calls or overrides. */
export interface ParserBase {
  tokens: Tokenizer;
  nextToken(withWhitespace?: boolean): Token | null;
  peekToken(): Token;
  pushToken(token: Token): void;
  skip(type: string): boolean;
  skipSymbol(value: string): boolean;
  skipValue(type: string, value: string): boolean;
  expect(type: string): Token;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): AstNode;
  parseCompare(): AstNode;
  parsePow(): AstNode;
  parsePrimary(noPostfix?: boolean): AstNode;
  parsePostfix(node: AstNode): AstNode;
  parseAggregate(): AstNode;
  parseSignature(tolerant?: boolean, noParens?: boolean): AstNode;
  parseAsRoot(): AstNode;
}

/** The methods of nunjucks' Compiler that the subclass calls or overrides. */
export interface CompilerBase {
  buffer: string;
  templateName: string | undefined;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  fail(message: string, lineno?: number, colno?: number): never;
  compile(node: AstNode, frame: unknown): void;
  _compileExpression(node: AstNode, frame: unknown): void;
  _compileAggregate(node: AstNode, frame: unknown, start?: string, end?: string): void;
  compileIf(node: AstNode, frame: unknown, async?: boolean): void;
  compileFor(node: AstNode, frame: unknown): void;
  compileSet(node: AstNode, frame: unknown): void;
  _compileMacro(node: AstNode, frame: unknown): unknown;
  getCode(): string;
}

interface NunjucksInternals {
  parser: { Parser: new (tokens: Tokenizer) => ParserBase };
  lexer: Record<string, string> & {
    lex(source: string, options: object): Tokenizer;
  };
  nodes: Record<string, NodeClass> & {
    Node: { extend(name: string, props: { fields: string[] }): NodeClass };
  };
  lib: { TemplateError: new (...args: unknown[]) => Error };
}

// The parts are required one by one (nunjucks 3.2 keeps them in src/):
// the package's index also loads its Environment, loaders and precompiler,
// which skprun never uses and which took about 5 ms more to load (measured
// with Node 20 on a 2-core machine).
// The compiler and the runtime are in nunjucks-compiler.ts.
const require = createRequire(import.meta.url);
const internals: NunjucksInternals = {
  parser: require('nunjucks/src/parser.js'),
  lexer: require('nunjucks/src/lexer.js'),
  nodes: require('nunjucks/src/nodes.js'),
  lib: require('nunjucks/src/lib.js'),
};

export const ParserClass = internals.parser.Parser;
export const lexer = internals.lexer;
export const nodes = internals.nodes;
export const NunjucksTemplateError = internals.lib.TemplateError;
