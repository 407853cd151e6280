/**
 * Source positions of the values of a loaded YAML file, looked up by the path
 * of keys and indices that leads to each value.
 */
import type { SourcePosition } from '../errors.js';

/** One node of the position tree, shaped like the value it describes. */
export interface PositionNode {
  /** Start of the value (for a sequence item, of the item). */
  value: SourcePosition;
  /** Start of the mapping key that names this value, if a mapping contains it. */
  key?: SourcePosition;
  /** Children by mapping key, or by index written as a decimal string. */
  children?: Map<string, PositionNode>;
}

export type ValuePath = readonly (string | number)[];

export class Positions {
  constructor(readonly root: PositionNode) {}

  /** Position of the value at `path`, or of its nearest ancestor that has one. */
  positionOf(path: ValuePath): SourcePosition {
    return this.nearest(path).value;
  }

  /**
   * Position of the key that names the value at `path` (where a message about
   * an unknown or misspelt key should point), else the value's position.
   */
  keyPositionOf(path: ValuePath): SourcePosition {
    const node = this.nearest(path);
    return node.key ?? node.value;
  }

  /** Checks whether the file itself has a value at `path` (not only an ancestor). */
  has(path: ValuePath): boolean {
    return this.find(path) !== undefined;
  }

  /** Returns the positions of the subtree at `path`, rooted at its nearest node. */
  at(path: ValuePath): Positions {
    return new Positions(this.nearest(path));
  }

  private nearest(path: ValuePath): PositionNode {
    let node = this.root;
    for (const step of path) {
      const child = node.children?.get(String(step));
      if (!child) break;
      node = child;
    }
    return node;
  }

  private find(path: ValuePath): PositionNode | undefined {
    let node: PositionNode | undefined = this.root;
    for (const step of path) {
      node = node?.children?.get(String(step));
    }
    return node;
  }
}

/** Positions for a value that has no source file of its own. */
export function positionsAt(position: SourcePosition): Positions {
  return new Positions({ value: position });
}
