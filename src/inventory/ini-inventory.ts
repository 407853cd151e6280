/**
 * Ansible's INI inventory: `[group]` sections of host lines
 * (`web01 ansible_port=2222 role=front`), `[group:vars]` sections of
 * `key=value` lines, and `[group:children]` sections of group names. Lines
 * before any section list ungrouped hosts. Values are read as Python
 * literals, as ansible-core does in both host lines and vars sections.
 *
 * NOTE: Ansible's documentation says values in `[group:vars]` stay strings,
 * but ansible-core (2.14 and later, checked in its ini plugin) reads them as
 * literals too, so `port=22` is the number 22 in both places. skprun does
 * what ansible-core does.
 */
import type { SourcePosition } from '../errors.js';
import { Site } from '../playbook/site.js';
import type { Problems } from '../playbook/site.js';
import type { PositionNode } from '../yaml/positions.js';
import { Positions } from '../yaml/positions.js';
import type { InventoryBuilder } from './builder.js';
import { checkConnectionVars } from './connection-vars.js';
import { addHosts } from './yaml-inventory.js';
import { parseIniValue } from './python-literal.js';
import { ShellWordsError, splitShellWords } from './shell-words.js';

type SectionKind = 'hosts' | 'vars' | 'children';

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;

interface Pending {
  kind: 'vars' | 'children';
  line: number;
  parents: string[];
}

export function readIniInventory(text: string, file: string, builder: InventoryBuilder, problems: Problems): void {
  new IniReader(file, builder, problems).read(text);
}

class IniReader {
  private group = 'ungrouped';
  private kind: SectionKind = 'hosts';
  private lineNumber = 0;
  private readonly root: PositionNode;
  /** Groups named before their own section: checked once the file is read. */
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly file: string,
    private readonly builder: InventoryBuilder,
    private readonly problems: Problems,
  ) {
    this.root = { value: this.at(1), children: new Map() };
  }

  read(text: string): void {
    for (const [index, raw] of text.split(/\r?\n/).entries()) {
      this.lineNumber = index + 1;
      const indent = raw.length - raw.trimStart().length;
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
      this.readLine(line, indent);
    }
    this.reportPending();
  }

  private readLine(line: string, indent: number): void {
    const section = line.match(SECTION);
    if (section) return this.startSection(section[1], section[2], indent);
    // A host line may start with `[` only for a bracketed IPv6 address.
    if (line.startsWith('[') && !/^\[[0-9a-fA-F.]*:[0-9a-fA-F:.]*\]/.test(line)) {
      return this.fail(`invalid section header ${line}: write [group], [group:vars] or [group:children], without spaces`, indent);
    }
    if (this.kind === 'hosts') this.readHostLine(line, indent);
    else if (this.kind === 'vars') this.readVarLine(line, indent);
    else this.readChildLine(line, indent);
  }

  private startSection(group: string, kind: string | undefined, indent: number): void {
    const sectionKind = (kind ?? 'hosts') as SectionKind;
    if (!['hosts', 'vars', 'children'].includes(sectionKind)) {
      return this.fail(`section [${group}:${kind}] has an unknown type "${kind}"; use vars or children`, indent);
    }
    this.group = group;
    this.kind = sectionKind;

    const isNew = !this.builder.groups.has(group);
    this.builder.group(group);
    if (isNew && sectionKind === 'vars' && !this.pending.has(group)) {
      this.pending.set(group, { kind: 'vars', line: this.lineNumber, parents: [] });
    }
    if (sectionKind !== 'vars') this.resolvePending(group);
  }

  /** Settles a group that was named as a child, or given vars, before its own section. */
  private resolvePending(group: string): void {
    const pending = this.pending.get(group);
    if (!pending) return;
    this.pending.delete(group);
    for (const parent of pending.parents) this.addChild(parent, group, pending.line);
  }

  private readHostLine(line: string, indent: number): void {
    let words;
    try {
      words = splitShellWords(line);
    } catch (error) {
      if (!(error instanceof ShellWordsError)) throw error;
      return this.fail(`cannot read the host line: ${error.message}`, indent);
    }
    if (words.length === 0) return;

    const [entry, ...assignments] = words;
    const hostNode = this.node([this.group, entry.text], indent + entry.start, indent + entry.start);
    const vars: Record<string, unknown> = {};
    for (const word of assignments) {
      const equals = word.text.indexOf('=');
      if (equals <= 0) return this.fail(`expected key=value after the host name, found "${word.text}"`, indent + word.start);
      const key = word.text.slice(0, equals);
      vars[key] = parseIniValue(word.text.slice(equals + 1));
      this.setNode(hostNode, key, indent + word.start, indent + word.start + equals + 1);
    }

    const site = this.site([this.group, entry.text]);
    checkConnectionVars(vars, site, this.problems);
    addHosts(entry.text, this.group, vars, site, this.builder, this.problems);
  }

  private readVarLine(line: string, indent: number): void {
    const equals = line.indexOf('=');
    if (equals <= 0) return this.fail(`expected key=value in [${this.group}:vars], found "${line}"`, indent);
    const key = line.slice(0, equals).trim();
    const valueText = line.slice(equals + 1);
    const valueColumn = indent + equals + 1 + (valueText.length - valueText.trimStart().length);
    const sectionNode = this.node([`${this.group}:vars`], indent, indent);
    this.setNode(sectionNode, key, indent, valueColumn);

    const vars = { [key]: parseIniValue(valueText.trim()) };
    checkConnectionVars(vars, this.site([`${this.group}:vars`]), this.problems);
    this.builder.setGroupVars(this.group, vars);
  }

  private readChildLine(line: string, indent: number): void {
    const child = line.match(GROUP_NAME)?.[1];
    if (!child) return this.fail(`expected a group name in [${this.group}:children], found "${line}"`, indent);
    if (this.builder.groups.has(child) && !this.pending.has(child)) {
      this.addChild(this.group, child, this.lineNumber);
      return;
    }
    const pending = this.pending.get(child) ?? { kind: 'children', line: this.lineNumber, parents: [] };
    pending.kind = 'children';
    pending.parents.push(this.group);
    this.pending.set(child, pending);
  }

  private addChild(parent: string, child: string, line: number): void {
    const loop = this.builder.addChild(parent, child);
    if (loop) this.errorAt(line, 1, `group ${child} cannot be a child of ${parent}: that makes a loop (${loop.join(' -> ')})`);
  }

  private reportPending(): void {
    for (const [group, pending] of this.pending) {
      const detail =
        pending.kind === 'vars'
          ? `[${group}:vars] sets variables for group ${group}, which no [${group}] or [${group}:children] section defines`
          : `[${pending.parents.at(-1)}:children] names group ${group}, which no [${group}] or [${group}:children] section defines`;
      this.errorAt(pending.line, 1, detail);
    }
  }

  private fail(detail: string, column0: number): void {
    this.errorAt(this.lineNumber, column0 + 1, detail);
  }

  private errorAt(line: number, column: number, detail: string): void {
    this.problems.add(new Site(this.file, new Positions({ value: { file: this.file, line, column } })).error(detail));
  }

  private at(line: number, column = 1): SourcePosition {
    return { file: this.file, line, column };
  }

  private positions(): Positions {
    return new Positions(this.root);
  }

  private site(path: string[]): Site {
    return new Site(this.file, this.positions(), path);
  }

  /** Sets the position node at `path` to this line and the given 0-based columns. */
  private node(path: string[], keyColumn0: number, valueColumn0: number): PositionNode {
    let node = this.root;
    path.forEach((step, index) => {
      node = this.setNode(node, step, keyColumn0, valueColumn0, index === path.length - 1);
    });
    return node;
  }

  private setNode(parent: PositionNode, key: string, keyColumn0: number, valueColumn0: number, replace = true): PositionNode {
    parent.children ??= new Map();
    const existing = parent.children.get(key);
    if (existing && !replace) return existing;
    const node: PositionNode = { key: this.at(this.lineNumber, keyColumn0 + 1), value: this.at(this.lineNumber, valueColumn0 + 1) };
    parent.children.set(key, node);
    return node;
  }
}
