/**
 * Turns a parsed YAML document into plain JavaScript values, recording the
 * source position of every key, value and sequence item on the way, and the
 * warnings for surprising plain scalars.
 *
 * Merge keys (`<<`) follow PyYAML: explicit keys win over merged ones, a later
 * `<<` wins over an earlier one, and in `<<: [*a, *b]` the earlier map wins.
 * An alias shares the value built for its anchor, as PyYAML does, so the
 * built value stays small. Code that walks it as a tree later (schema
 * checks, templating, copies) expands every alias, so the values that
 * aliases add are counted and capped at MAX_ALIAS_VALUES: ten nested levels
 * of ten aliases each turn 600 bytes into 10^10 values.
 */
import type { Document, LineCounter, Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { SourcePosition } from '../errors.js';
import { InputError } from '../errors.js';
import type { PositionNode } from './positions.js';
import { UnsafeText, markUnsafe } from './unsafe.js';
import type { YamlWarning } from './warnings.js';
import { scalarWarning } from './warnings.js';

interface Built {
  value: unknown;
  positions: PositionNode;
}

interface MapEntry {
  key: string;
  built: Built;
  keyPosition: SourcePosition;
}

/** Values that aliases may add to one document when expanded. */
export const MAX_ALIAS_VALUES = 1_000_000;

const UNSAFE_TAG = '!unsafe';
const VAULT_TAGS = new Set(['!vault', '!vault-encrypted']);

export class DocumentBuilder {
  readonly warnings: YamlWarning[] = [];
  readonly errors: InputError[] = [];
  private readonly anchors = new Map<Node, Built | 'building'>();
  private readonly anchorNames = new Map<string, SourcePosition>();
  /** The expanded size of each mapping and sequence built, in values; a scalar is 1. */
  private readonly sizes = new WeakMap<object, number>();
  private aliasValues = 0;

  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text: string,
  ) {}

  build(): Built {
    const root = this.doc.contents;
    if (!root) return { value: null, positions: { value: this.positionAt(0) } };
    return this.buildNode(root as Node);
  }

  positionAt(offset: number): SourcePosition {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  private buildNode(node: Node): Built {
    if (isAlias(node)) return this.buildAlias(node);

    this.rememberAnchor(node);
    let built: Built;
    if (isMap(node)) built = this.buildMap(node);
    else if (isSeq(node)) built = this.buildSeq(node);
    else built = this.buildScalar(node as Scalar);

    built = this.applyCollectionTag(node, built);
    if (node.anchor) this.anchors.set(node, built);
    return built;
  }

  private rememberAnchor(node: Node): void {
    if (!node.anchor) return;
    const position = this.positionAt(node.range?.[0] ?? 0);
    const first = this.anchorNames.get(node.anchor);
    if (first) {
      this.fail(`duplicate anchor &${node.anchor}: it is also defined at line ${first.line}, column ${first.column}`, position);
    }
    this.anchorNames.set(node.anchor, position);
    this.anchors.set(node, 'building');
  }

  private buildAlias(node: Node & { source: string }): Built {
    const position = this.positionAt(node.range?.[0] ?? 0);
    const target = (node as unknown as { resolve(doc: Document): Node | undefined }).resolve(this.doc);
    const built = target ? this.anchors.get(target) : undefined;

    if (!built) {
      this.fail(`unknown alias *${node.source}: no anchor &${node.source} is defined above it`, position);
      return { value: null, positions: { value: position } };
    }
    if (built === 'building') {
      this.fail(`alias *${node.source} refers to the value that contains it`, position);
      return { value: null, positions: { value: position } };
    }
    if (!this.countAlias(node.source, built.value, position)) return { value: emptyLike(built.value), positions: { value: position } };
    return { value: built.value, positions: { value: position, children: built.positions.children } };
  }

  /** Adds the values an alias repeats; false (and one error) once past the limit. */
  private countAlias(name: string, value: unknown, position: SourcePosition): boolean {
    if (this.aliasValues > MAX_ALIAS_VALUES) return false;
    this.aliasValues += this.sizeOf(value);
    if (this.aliasValues <= MAX_ALIAS_VALUES) return true;
    this.fail(
      `alias *${name} makes the aliases of this file expand to more than ${MAX_ALIAS_VALUES} values, the limit: ` +
        'each alias repeats the whole value of its anchor, so nested aliases multiply; use fewer of them',
      position,
    );
    return false;
  }

  private sizeOf(value: unknown): number {
    return value !== null && typeof value === 'object' ? (this.sizes.get(value) ?? 1) : 1;
  }

  /** Records the expanded size of a new collection: itself plus its items. */
  private sized<T extends object>(value: T, items: Iterable<unknown>): T {
    let size = 1;
    for (const item of items) size += this.sizeOf(item);
    this.sizes.set(value, size);
    return value;
  }

  private buildSeq(node: YAMLSeq): Built {
    const value: unknown[] = [];
    const children = new Map<string, PositionNode>();
    node.items.forEach((item, index) => {
      const built = this.buildNode(item as Node);
      value.push(built.value);
      children.set(String(index), built.positions);
    });
    return { value: this.sized(value, value), positions: { value: this.positionAt(node.range?.[0] ?? 0), children } };
  }

  private buildMap(node: YAMLMap): Built {
    const merged: MapEntry[] = [];
    const explicit: MapEntry[] = [];
    const seen = new Map<string, SourcePosition>();

    for (const pair of node.items as Pair<Node | null, Node | null>[]) {
      if (isMergeKey(pair.key)) {
        merged.push(...this.mergeEntries(pair));
        continue;
      }
      const entry = this.buildEntry(pair, node);
      if (!entry) continue;

      const first = seen.get(entry.key);
      if (first) {
        this.fail(`duplicate key "${entry.key}": it is also set at line ${first.line}, column ${first.column}`, entry.keyPosition);
      }
      seen.set(entry.key, entry.keyPosition);
      explicit.push(entry);
    }
    return this.assemble([...merged, ...explicit], node);
  }

  private assemble(entries: MapEntry[], node: YAMLMap): Built {
    const value: Record<string, unknown> = {};
    const children = new Map<string, PositionNode>();
    for (const { key, built, keyPosition } of entries) {
      setOwn(value, key, built.value);
      children.set(key, { ...built.positions, key: keyPosition });
    }
    this.sized(value, Object.values(value));
    return { value, positions: { value: this.positionAt(node.range?.[0] ?? 0), children } };
  }

  private buildEntry(pair: Pair<Node | null, Node | null>, map: YAMLMap): MapEntry | undefined {
    const keyNode = pair.key;
    const keyPosition = this.positionAt(keyNode?.range?.[0] ?? map.range?.[0] ?? 0);
    const key = this.keyText(keyNode, map, keyPosition);
    if (key === undefined) return undefined;

    const built = this.buildValue(pair.value, keyPosition);
    return { key, built, keyPosition };
  }

  private buildValue(node: Node | null, keyPosition: SourcePosition): Built {
    if (!node) return { value: null, positions: { value: keyPosition } };
    const built = this.buildNode(node);

    // An empty value (`key:`) starts right after the colon: point at the key.
    const isEmpty = isScalar(node) && node.range && node.range[0] === node.range[1];
    return isEmpty ? { ...built, positions: { ...built.positions, value: keyPosition } } : built;
  }

  private keyText(keyNode: Node | null, map: YAMLMap, position: SourcePosition): string | undefined {
    if (keyNode === null) return 'null';
    if (isScalar(keyNode) || isAlias(keyNode)) {
      const { value } = this.buildNode(keyNode);
      if (value === null || typeof value !== 'object') return String(value);
      if (value instanceof UnsafeText) return value.text;
    }

    if (map.flow && isMap(keyNode) && keyNode.flow) {
      this.fail('a value that starts with "{{" must be quoted as a whole, for example "{{ name }}"', this.positionAt(map.range?.[0] ?? 0));
    } else {
      this.fail('a mapping key must be a single value, not a list or a mapping', position);
    }
    return undefined;
  }

  private mergeEntries(pair: Pair<Node | null, Node | null>): MapEntry[] {
    const sourceNode = pair.value;
    const position = this.positionAt(sourceNode?.range?.[0] ?? pair.key?.range?.[0] ?? 0);
    const sources = sourceNode && isSeq(sourceNode) ? [...sourceNode.items].reverse() : [sourceNode];

    const entries: MapEntry[] = [];
    for (const source of sources as (Node | null)[]) {
      const built = source ? this.buildNode(source) : undefined;
      if (!built || !isRecord(built.value)) {
        this.fail('a merge key (<<) needs a mapping, an alias of one, or a list of those', position);
        continue;
      }
      for (const [key, value] of Object.entries(built.value)) {
        const positions = built.positions.children?.get(key) ?? { value: built.positions.value };
        entries.push({ key, built: { value, positions }, keyPosition: positions.key ?? positions.value });
      }
    }
    return entries;
  }

  private buildScalar(node: Scalar): Built {
    const position = this.positionAt(node.range?.[0] ?? 0);
    const text = String(node.source ?? node.value ?? '');

    if (node.tag && VAULT_TAGS.has(node.tag)) return this.rejectVault(this.tagPosition(node));
    if (node.tag === UNSAFE_TAG) return { value: new UnsafeText(text), positions: { value: position } };

    if (node.type === 'PLAIN' && !node.tag) {
      const warning = scalarWarning(text, node.value, position);
      if (warning) this.warnings.push(warning);
    }
    return { value: node.value, positions: { value: position } };
  }

  private applyCollectionTag(node: Node, built: Built): Built {
    if (isScalar(node) || !node.tag) return built;
    if (VAULT_TAGS.has(node.tag)) return this.rejectVault(this.tagPosition(node));
    if (node.tag === UNSAFE_TAG) return { ...built, value: this.markUnsafeSized(built.value) };
    return built;
  }

  /** Marks a collection unsafe, which copies it, keeping its expanded size. */
  private markUnsafeSized(value: unknown): unknown {
    const marked = markUnsafe(value);
    if (marked !== null && typeof marked === 'object') this.sizes.set(marked, this.sizeOf(value));
    return marked;
  }

  /** Finds where the tag of `node` is written, since the node's range starts after it. */
  private tagPosition(node: Node): SourcePosition {
    const start = node.range?.[0] ?? 0;
    const at = this.text.lastIndexOf(node.tag ?? '', start);
    return this.positionAt(at >= 0 ? at : start);
  }

  private rejectVault(position: SourcePosition): Built {
    this.fail('Ansible Vault values (!vault) are not supported; decrypt the value first', position);
    return { value: null, positions: { value: position } };
  }

  private fail(detail: string, position: SourcePosition): void {
    this.errors.push(new InputError(detail, position));
  }
}

/** Returns an empty value of the same kind, in place of an alias past the limit, so no further errors follow. */
function emptyLike(value: unknown): unknown {
  if (Array.isArray(value)) return [];
  return isRecord(value) ? {} : null;
}

function isMergeKey(key: Node | null): boolean {
  return key !== null && isScalar(key) && key.type === 'PLAIN' && !key.tag && key.value === '<<';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof UnsafeText);
}

/** Sets a key even when it is `__proto__`, which plain assignment would not. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
