/**
 * A place in a loaded file (file, positions, and the path to a value in it),
 * so that every message names file:line:column and a readable key path.
 */
import type { SourcePosition } from '../errors.js';
import { InputError, formatPosition } from '../errors.js';
import type { Positions } from '../yaml/positions.js';
import type { YamlWarning } from '../yaml/warnings.js';

export type PathStep = string | number;

/** The display of a path's first step: `play 1` in a playbook, as written elsewhere. */
export type RootLabel = 'play' | 'plain';

export class Site {
  constructor(
    readonly file: string,
    readonly positions: Positions,
    readonly path: readonly PathStep[] = [],
    private readonly rootLabel: RootLabel = 'plain',
  ) {}

  child(...steps: PathStep[]): Site {
    return new Site(this.file, this.positions, [...this.path, ...steps], this.rootLabel);
  }

  position(): SourcePosition {
    return this.positions.positionOf(this.path);
  }

  keyPosition(): SourcePosition {
    return this.positions.keyPositionOf(this.path);
  }

  /** Formats the path as messages show it: `play 1/tasks/3/docker_container/image`. */
  label(): string {
    const [first, ...rest] = this.path;
    if (first === undefined) return '';
    const head = this.rootLabel === 'play' ? `play ${Number(first) + 1}` : String(first);
    return [head, ...rest.map(String)].join('/');
  }

  /** Makes an error about the value here. */
  error(detail: string): InputError {
    return new InputError(detail, this.position(), this.label() || undefined);
  }

  /** Makes an error about the key that names the value here (unknown, misspelt). */
  keyError(detail: string): InputError {
    return new InputError(detail, this.keyPosition(), this.label() || undefined);
  }
}

/** Errors and warnings collected while loading, reported all at once. */
export class Problems {
  readonly errors: InputError[] = [];
  private readonly notes: string[] = [];
  private readonly yamlWarnings: YamlWarning[] = [];
  /** Positions of booleans that stand where a boolean is expected. */
  private readonly expectedBooleans = new Set<string>();

  add(error: InputError): void {
    this.errors.push(error);
  }

  /**
   * Returns the errors by file (in the order files were first reported), then
   * by line and column, without repeats: a role run twice reports its errors
   * once.
   */
  sortedErrors(): InputError[] {
    const fileOrder = new Map<string, number>();
    for (const error of this.errors) {
      const file = error.position?.file ?? '';
      if (!fileOrder.has(file)) fileOrder.set(file, fileOrder.size);
    }
    const unique = [...new Map(this.errors.map((error) => [error.message, error])).values()];
    return unique.sort((a, b) => {
      const pa = a.position;
      const pb = b.position;
      const byFile = (fileOrder.get(pa?.file ?? '') ?? 0) - (fileOrder.get(pb?.file ?? '') ?? 0);
      return byFile || (pa?.line ?? 0) - (pb?.line ?? 0) || (pa?.column ?? 0) - (pb?.column ?? 0);
    });
  }

  /** Adds an InputError or every error of an InputErrors; other errors are rethrown. */
  addCaught(error: unknown): void {
    const nested = (error as { errors?: unknown }).errors;
    if (error instanceof InputError) this.errors.push(error);
    else if (Array.isArray(nested) && nested.every((e) => e instanceof InputError)) this.errors.push(...nested);
    else throw error;
  }

  warn(message: string): void {
    this.notes.push(message);
  }

  /** Keeps a YAML warning until the end, when `expectBoolean` may have made it moot. */
  warnYaml(warning: YamlWarning): void {
    this.yamlWarnings.push(warning);
  }

  /**
   * Marks a boolean as standing where a boolean is expected: `become: yes`
   * is then what the author meant, and warning about `yes` would be noise.
   */
  expectBoolean(position: SourcePosition): void {
    this.expectedBooleans.add(formatPosition(position));
  }

  get warnings(): string[] {
    const yaml = this.yamlWarnings.filter(
      (w) => typeof w.readAs !== 'boolean' || !this.expectedBooleans.has(formatPosition(w.position)),
    );
    return [...yaml.map((w) => w.message), ...this.notes];
  }
}
