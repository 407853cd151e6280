/**
 * nunjucks' compiler, changed so that every expression calls the template
 * runtime (runtime.ts) instead of a JavaScript operator. The runtime gives
 * Python's truthiness, equality and operators, strict Undefined values and
 * member paths for messages. The compiler also builds tuples and dict
 * literals with expression keys, and checks filter and test names.
 */
import { resolveFilterName } from './filters/index.js';
import { CompilerClass } from './nunjucks-compiler.js';
import { nodes, type AstNode } from './nunjucks-internals.js';
import { repr } from './python.js';
import { resolveTestName } from './tests.js';

/** The compile-time frame: it maps names bound by loops and `set` to JavaScript variables. */
interface CompileFrame {
  lookup(name: string): string | undefined;
}

// prettier-ignore
const LITERAL_SYMBOLS: Record<string, string> = {
  True: 'true', False: 'false', None: 'null', true: 'true', false: 'false', none: 'null',
};

const BINARY_HELPERS: Record<string, string> = {
  Add: 'add',
  Sub: 'subtract',
  Mul: 'multiply',
  Div: 'divide',
  FloorDiv: 'floorDivide',
  Mod: 'modulo',
  Pow: 'power',
  Concat: 'concat',
};

/** `value` as a truth test, for `{% if %}` conditions. */
const TruthyNode = nodes.Node.extend('Truthy', { fields: ['value'] });
/** `value` as the sequence of a `{% for %}` loop. */
const IterableNode = nodes.Node.extend('Iterable', { fields: ['value'] });

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Describes an expression as a path such as `item.ports[0]`, for messages. */
function pathOf(node: AstNode): string {
  switch (node.typename) {
    case 'Symbol':
      return node.value;
    case 'Literal':
      return repr(node.value);
    case 'LookupVal': {
      const base = pathOf(node.target);
      const key = node.val;
      if (
        key.typename === 'Literal' &&
        typeof key.value === 'string' &&
        IDENTIFIER.test(key.value)
      ) {
        return `${base}.${key.value}`;
      }
      const isSimple = key.typename === 'Literal' || key.typename === 'Symbol';
      return `${base}[${isSimple ? pathOf(key) : '...'}]`;
    }
    case 'FunCall':
      return `${pathOf(node.name)}()`;
    case 'Filter':
      return `(${pathOf(node.args.children[0])} | ${node.name.value})`;
    case 'Slice':
      return `${pathOf(node.target)}[...]`;
    default:
      return 'the expression';
  }
}

export class JinjaCompiler extends CompilerClass {
  /** When set, the template's one output expression is its result, with its own type. */
  nativeOutput = false;

  override _compileExpression(node: AstNode, frame: unknown): void {
    this.compile(node, frame);
  }

  private compileList(items: AstNode[], frame: unknown): void {
    this._emit('[');
    items.forEach((item, i) => {
      if (i > 0) this._emit(', ');
      this.compile(item, frame);
    });
    this._emit(']');
  }

  compileSymbol(node: AstNode, frame: CompileFrame): void {
    const literal = LITERAL_SYMBOLS[node.value];
    const bound = frame.lookup(node.value);
    if (literal) this._emit(literal);
    else if (bound) this._emit(bound);
    else this._emit(`runtime.lookup(context, frame, ${JSON.stringify(node.value)})`);
  }

  compileLookupVal(node: AstNode, frame: unknown): void {
    this._emit('runtime.member(');
    this.compile(node.target, frame);
    this._emit(', ');
    this.compile(node.val, frame);
    this._emit(`, ${JSON.stringify(pathOf(node.target))})`);
  }

  compileSlice(node: AstNode, frame: unknown): void {
    this._emit('runtime.slice(');
    for (const part of [node.target, node.start, node.stop, node.step]) {
      if (part === null) this._emit('null');
      else this.compile(part, frame);
      this._emit(', ');
    }
    this._emit(`${JSON.stringify(pathOf(node.target))})`);
  }

  compileTest(node: AstNode, frame: unknown): void {
    const name = resolveTestName(node.name);
    if (!name) this.fail(`no test named '${node.name}'`, node.lineno, node.colno);
    this._emit(`runtime.test(${JSON.stringify(name)}, `);
    this.compile(node.target, frame);
    this._emit(', ');
    this.compileList(node.args.children, frame);
    this._emit(')');
  }

  compileFilter(node: AstNode, frame: unknown): void {
    const name = resolveFilterName(node.name.value);
    if (!name) this.fail(`no filter named '${node.name.value}'`, node.lineno, node.colno);
    const [input, ...args] = node.args.children;
    this._emit(`runtime.filter(${JSON.stringify(name)}, `);
    this.compile(input, frame);
    this._emit(', ');
    this.compileList(args, frame);
    this._emit(')');
  }

  compileIn(node: AstNode, frame: unknown): void {
    this._emit('runtime.contains(');
    this.compile(node.right, frame);
    this._emit(', ');
    this.compile(node.left, frame);
    this._emit(')');
  }

  compileCompare(node: AstNode, frame: unknown): void {
    if (node.ops.length === 1) {
      const [operand] = node.ops;
      this._emit('runtime.compare(');
      this.compile(node.expr, frame);
      this._emit(`, ${JSON.stringify(operand.type)}, `);
      this.compile(operand.expr, frame);
      this._emit(')');
      return;
    }
    // Python evaluates `a < b < c` as `a < b and b < c`, each operand once.
    this._emit('runtime.compareChain(');
    this.compile(node.expr, frame);
    this._emit(', [');
    node.ops.forEach((operand: AstNode, i: number) => {
      this._emit(`${i > 0 ? ', ' : ''}[${JSON.stringify(operand.type)}, () => (`);
      this.compile(operand.expr, frame);
      this._emit(')]');
    });
    this._emit('])');
  }

  private compileBinary(node: AstNode, frame: unknown): void {
    this._emit(`runtime.${BINARY_HELPERS[node.typename]}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  }

  compileAdd(node: AstNode, frame: unknown): void {
    this.compileBinary(node, frame);
  }

  compileSub(node: AstNode, frame: unknown): void {
    this.compileBinary(node, frame);
  }

  compileMul(node: AstNode, frame: unknown): void {
    this.compileBinary(node, frame);
  }

  compileDiv(node: AstNode, frame: unknown): void {
    this.compileBinary(node, frame);
  }

  compileFloorDiv(node: AstNode, frame: unknown): void {
    this.compileBinary(node, frame);
  }

  compileMod(node: AstNode, frame: unknown): void {
    this.compileBinary(node, frame);
  }

  compilePow(node: AstNode, frame: unknown): void {
    this.compileBinary(node, frame);
  }

  compileConcat(node: AstNode, frame: unknown): void {
    this.compileBinary(node, frame);
  }

  private compileUnary(helper: string, node: AstNode, frame: unknown): void {
    this._emit(`runtime.${helper}(`);
    this.compile(node.target, frame);
    this._emit(')');
  }

  compileNeg(node: AstNode, frame: unknown): void {
    this.compileUnary('negate', node, frame);
  }

  compilePos(node: AstNode, frame: unknown): void {
    this.compileUnary('plus', node, frame);
  }

  compileNot(node: AstNode, frame: unknown): void {
    this.compileUnary('not', node, frame);
  }

  compileTruthy(node: AstNode, frame: unknown): void {
    this.compileUnary('truthy', { target: node.value }, frame);
  }

  compileIterable(node: AstNode, frame: unknown): void {
    this.compileUnary('iterable', { target: node.value }, frame);
  }

  /** `and` and `or` return one of their operands and evaluate the right one only when needed. */
  private compileShortCircuit(helper: 'and' | 'or', node: AstNode, frame: unknown): void {
    this._emit(`runtime.${helper}(`);
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  }

  compileAnd(node: AstNode, frame: unknown): void {
    this.compileShortCircuit('and', node, frame);
  }

  compileOr(node: AstNode, frame: unknown): void {
    this.compileShortCircuit('or', node, frame);
  }

  compileInlineIf(node: AstNode, frame: unknown): void {
    this._emit('(runtime.truthy(');
    this.compile(node.cond, frame);
    this._emit(') ? (');
    this.compile(node.body, frame);
    this._emit(') : (');
    if (node.else_) this.compile(node.else_, frame);
    else this._emit('runtime.noElse()');
    this._emit('))');
  }

  /** `(a)` only groups, while `(a,)`, `(a, b)` and `()` are tuples. */
  compileGroup(node: AstNode, frame: unknown): void {
    if (node.children.length === 1 && !node.isTuple) {
      this._emit('(');
      this.compile(node.children[0], frame);
      this._emit(')');
      return;
    }
    this._emit('runtime.tuple(');
    this.compileList(node.children, frame);
    this._emit(')');
  }

  compileArray(node: AstNode, frame: unknown): void {
    this._emit('runtime.list(');
    this.compileList(node.children, frame);
    this._emit(')');
  }

  /** Dict literals: as in Jinja2, a key is an expression, so `{name: 1}` uses the variable. */
  compileDict(node: AstNode, frame: unknown): void {
    this._emit('runtime.dict([');
    node.children.forEach((pair: AstNode, i: number) => {
      this._emit(i > 0 ? ', [' : '[');
      this.compile(pair.key, frame);
      this._emit(', ');
      this.compile(pair.value, frame);
      this._emit(']');
    });
    this._emit('])');
  }

  /** `name=value` arguments, whose names are plain words. */
  compileKeywordArgs(node: AstNode, frame: unknown): void {
    this._emit('runtime.makeKeywordArgs({');
    node.children.forEach((pair: AstNode, i: number) => {
      this.requireName(pair.key, 'a keyword argument');
      this._emit(`${i > 0 ? ', ' : ''}${JSON.stringify(pair.key.value)}: `);
      this.compile(pair.value, frame);
    });
    this._emit('})');
  }

  compileOutput(node: AstNode, frame: unknown): void {
    for (const child of node.children) {
      if (child.typename === 'TemplateData') {
        if (!child.value) continue;
        this._emit(`${this.buffer} += `);
        this.compile(child, frame);
        this._emitLine(';');
      } else {
        const assignment = this.nativeOutput ? '= runtime.native(' : '+= runtime.output(';
        this._emit(`${this.buffer} ${assignment}`);
        this.compile(child, frame);
        this._emitLine(');');
      }
    }
  }

  /**
   * Calls: the callee's path goes into the generated code through
   * JSON.stringify, where nunjucks pastes it in with only quotes escaped.
   */
  compileFunCall(node: AstNode, frame: unknown): void {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, runtime.callWrap(`);
    this.compile(node.name, frame);
    this._emit(`, ${JSON.stringify(pathOf(node.name))}, context, `);
    this.compileList(node.args.children, frame);
    this._emit('))');
  }

  /**
   * Fails unless `node` is a plain name. nunjucks pastes the names bound by
   * `set`, `for` and `macro` into the generated code as they are, so only
   * names may reach it (the tokenizer checks that names are identifiers).
   */
  private requireName(node: AstNode, role: string): void {
    if (node?.typename !== 'Symbol') {
      this.fail(`${role} must be a name, not ${pathOf(node)}`, node?.lineno, node?.colno);
    }
  }

  override compileSet(node: AstNode, frame: unknown): void {
    for (const target of node.targets) this.requireName(target, 'the target of set');
    super.compileSet(node, frame);
  }

  override _compileMacro(node: AstNode, frame: unknown): unknown {
    for (const arg of node.args.children) {
      if (arg.typename === 'KeywordArgs') {
        for (const pair of arg.children) this.requireName(pair.key, 'a macro parameter');
      } else {
        this.requireName(arg, 'a macro parameter');
      }
    }
    return super._compileMacro(node, frame);
  }

  override compileIf(node: AstNode, frame: unknown, async?: boolean): void {
    const condition = node.cond;
    node.cond = new TruthyNode(condition.lineno, condition.colno, condition);
    super.compileIf(node, frame, async);
    node.cond = condition;
  }

  override compileFor(node: AstNode, frame: unknown): void {
    const names = node.name.typename === 'Array' ? node.name.children : [node.name];
    for (const name of names) this.requireName(name, 'a loop variable');
    const sequence = node.arr;
    node.arr = new IterableNode(sequence.lineno, sequence.colno, sequence);
    super.compileFor(node, frame);
    node.arr = sequence;
  }

  private unsupported(tag: string, node: AstNode): never {
    const message = `{% ${tag} %} is not supported: templates cannot load other templates`;
    return this.fail(message, node.lineno, node.colno);
  }

  compileInclude(node: AstNode): void {
    this.unsupported('include', node);
  }

  compileImport(node: AstNode): void {
    this.unsupported('import', node);
  }

  compileFromImport(node: AstNode): void {
    this.unsupported('from ... import', node);
  }

  compileExtends(node: AstNode): void {
    this.unsupported('extends', node);
  }

  compileBlock(node: AstNode): void {
    this.unsupported('block', node);
  }
}

/** The render function that compiled nunjucks code defines. */
export type RootFunction = (
  env: unknown,
  context: unknown,
  frame: unknown,
  runtime: unknown,
  callback: (error: unknown, output: unknown) => void,
) => void;

/** Compiles a parsed template to its render function. */
export function compileRoot(ast: AstNode, nativeOutput: boolean): RootFunction {
  const compiler = new JinjaCompiler();
  compiler.nativeOutput = nativeOutput;
  compiler.compile(ast, undefined);
  const module = new Function(compiler.getCode())() as { root: RootFunction };
  return module.root;
}
