/**
 * Filters on dicts and on serialized data: `dict2items`, `items2dict`,
 * `combine`, `subelements`, and JSON and YAML in both directions. JSON output
 * follows Python's json.dumps (`{"a": 1}` with spaces, non-ASCII escaped).
 * YAML output follows PyYAML's choices where the `yaml` package allows.
 */
import YAML from 'yaml';
import { TemplateError } from '../errors.js';
import {
  formatNumber,
  isMapping,
  makeTuple,
  pyEquals,
  toStr,
  typeName,
  type Mapping,
} from '../python.js';
import { ensureDefined } from '../undefined.js';
import { ensureNestedDefined } from '../values.js';
import { filter, type FilterTable } from './registry.js';

function requireMapping(value: unknown, filterName: string): Mapping {
  if (!isMapping(value))
    throw new TemplateError(
      `the filter '${filterName}' needs a dictionary, not ${typeName(value)}`,
    );
  return value;
}

function dict2items(
  value: unknown,
  keyName: unknown = 'key',
  valueName: unknown = 'value',
): Mapping[] {
  const mapping = requireMapping(value, 'dict2items');
  return Object.entries(mapping).map(([key, item]) => ({
    [toStr(keyName)]: key,
    [toStr(valueName)]: item,
  }));
}

function items2dict(
  value: unknown,
  keyName: unknown = 'key',
  valueName: unknown = 'value',
): Mapping {
  if (!Array.isArray(value))
    throw new TemplateError(`the filter 'items2dict' needs a list, not ${typeName(value)}`);
  const [keyField, valueField] = [toStr(keyName), toStr(valueName)];
  const result: Mapping = {};
  for (const item of value) {
    if (!isMapping(item) || !Object.hasOwn(item, keyField) || !Object.hasOwn(item, valueField)) {
      throw new TemplateError(
        `the filter 'items2dict' needs each item to be a dictionary ` +
          `with keys '${keyField}' and '${valueField}'`,
      );
    }
    result[toStr(item[keyField])] = item[valueField];
  }
  return result;
}

const LIST_MERGES = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'];

/** Ansible's merge_hash: `override` wins, and nested dicts merge when `recursive`. */
function mergeMappings(
  base: Mapping,
  override: Mapping,
  recursive: boolean,
  listMerge: string,
): Mapping {
  const merged: Mapping = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    if (!Object.hasOwn(merged, key)) merged[key] = value;
    else if (isMapping(current) && isMapping(value))
      merged[key] = recursive ? mergeMappings(current, value, recursive, listMerge) : value;
    else if (Array.isArray(current) && Array.isArray(value))
      merged[key] = mergeLists(current, value, listMerge);
    else merged[key] = value;
  }
  return merged;
}

function mergeLists(current: unknown[], added: unknown[], listMerge: string): unknown[] {
  const notAdded = () => current.filter((item) => !added.some((other) => pyEquals(item, other)));
  switch (listMerge) {
    case 'keep':
      return current;
    case 'append':
      return [...current, ...added];
    case 'prepend':
      return [...added, ...current];
    case 'append_rp':
      return [...notAdded(), ...added];
    case 'prepend_rp':
      return [...added, ...notAdded()];
    default:
      return added;
  }
}

function combine(
  value: unknown,
  terms: unknown[],
  recursive = false,
  listMerge: unknown = 'replace',
): Mapping {
  if (!LIST_MERGES.includes(String(listMerge))) {
    throw new TemplateError(
      `the filter 'combine' takes list_merge as one of ${LIST_MERGES.join(', ')}`,
    );
  }
  const dicts = [value, ...terms].flatMap((term) => (Array.isArray(term) ? term : [term]));
  const mappings = dicts.map((item) => requireMapping(item, 'combine'));
  return mappings.reduce(
    (merged, next) => mergeMappings(merged, next, recursive, String(listMerge)),
    {},
  );
}

/** `subelements('a.b', skip_missing)`: pairs of each item with each element of its list. */
function subelements(value: unknown, subelement: unknown, skipMissing = false): unknown[] {
  const items = isMapping(value) ? Object.values(value) : Array.isArray(value) ? value : undefined;
  if (!items)
    throw new TemplateError("the filter 'subelements' needs a list of dicts or a nested dict");
  const path = Array.isArray(subelement) ? subelement.map(toStr) : toStr(subelement).split('.');

  return items.flatMap((item) => {
    let values: unknown = item;
    for (const key of path) {
      if (isMapping(values) && Object.hasOwn(values, key)) values = values[key];
      else if (skipMissing) return [];
      else
        throw new TemplateError(
          `the filter 'subelements' could not find the key '${key}' in ${toStr(values)}`,
        );
    }
    if (!Array.isArray(values))
      throw new TemplateError(
        `the key '${path.join('.')}' should point to a list, got ${toStr(values)}`,
      );
    return values.map((element) => makeTuple([item, element]));
  });
}

interface JsonOptions {
  indent: string | null;
  sortKeys: boolean;
  itemSeparator: string;
  keySeparator: string;
  ensureAscii: boolean;
}

/** Python's json.dumps with the options Ansible's to_json passes through. */
function toJson(value: unknown, kwargs: Mapping): string {
  const { indent = null, sort_keys = false, separators, ensure_ascii = true, ...unknown } = kwargs;
  const extra = Object.keys(unknown)[0];
  if (extra)
    throw new TemplateError(`the filter 'to_json' got an unexpected keyword argument '${extra}'`);

  let indentText: string | null = null;
  if (typeof indent === 'string') indentText = indent;
  else if (indent !== null) indentText = ' '.repeat(Number(indent));
  const [itemSeparator, keySeparator] = Array.isArray(separators)
    ? separators.map(toStr)
    : [indentText === null ? ', ' : ',', ': '];
  const options = {
    indent: indentText,
    sortKeys: Boolean(sort_keys),
    itemSeparator,
    keySeparator,
    ensureAscii: Boolean(ensure_ascii),
  };
  return dumpJson(value, options, 0);
}

function dumpJson(value: unknown, options: JsonOptions, level: number): string {
  ensureDefined(value);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return jsonNumber(value);
  if (typeof value === 'string') return jsonString(value, options.ensureAscii);
  if (Array.isArray(value))
    return jsonContainer(
      value.map((item) => dumpJson(item, options, level + 1)),
      '[]',
      options,
      level,
    );
  if (isMapping(value)) {
    const keys = options.sortKeys ? Object.keys(value).sort() : Object.keys(value);
    const members = keys.map(
      (key) =>
        jsonString(key, options.ensureAscii) +
        options.keySeparator +
        dumpJson(value[key], options, level + 1),
    );
    return jsonContainer(members, '{}', options, level);
  }
  if (value instanceof Date) return jsonString(value.toISOString(), options.ensureAscii);
  throw new TemplateError(`Object of type ${typeName(value)} is not JSON serializable`);
}

function jsonContainer(
  members: string[],
  brackets: string,
  options: JsonOptions,
  level: number,
): string {
  const [open, close] = brackets;
  if (members.length === 0) return brackets;
  if (options.indent === null) return open + members.join(options.itemSeparator) + close;
  const inner = `\n${options.indent.repeat(level + 1)}`;
  return (
    open +
    inner +
    members.join(options.itemSeparator + inner) +
    `\n${options.indent.repeat(level)}` +
    close
  );
}

function jsonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return formatNumber(value);
}

// prettier-ignore
const JSON_ESCAPES: Record<string, string> = {
  '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f',
};

function jsonString(text: string, ensureAscii: boolean): string {
  let output = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const code = text.charCodeAt(i);
    if (JSON_ESCAPES[char]) output += JSON_ESCAPES[char];
    else if (code < 0x20 || (ensureAscii && code > 0x7e))
      output += `\\u${code.toString(16).padStart(4, '0')}`;
    else output += char;
  }
  return `${output}"`;
}

function fromJson(value: unknown): unknown {
  try {
    return JSON.parse(toStr(value));
  } catch (error) {
    throw new TemplateError(`the filter 'from_json' got invalid JSON: ${(error as Error).message}`);
  }
}

const PYYAML_TRUE = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const PYYAML_FALSE = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;

/**
 * YAML 1.1 as PyYAML reads and writes it, which is what Ansible uses: unlike
 * the YAML 1.1 specification, PyYAML does not take `y` and `n` for booleans.
 */
const PYYAML: YAML.DocumentOptions & YAML.SchemaOptions = {
  version: '1.1',
  customTags: (tags) =>
    tags.map((tag) => {
      if (typeof tag !== 'object' || !('tag' in tag) || tag.tag !== 'tag:yaml.org,2002:bool')
        return tag;
      return { ...tag, test: tag.identify?.(true) ? PYYAML_TRUE : PYYAML_FALSE } as typeof tag;
    }),
};

interface YamlOptions {
  indent: number;
  flowStyle: boolean | null;
  width: number;
  sortKeys: boolean;
}

/**
 * YAML as PyYAML's dump writes it in Ansible: keys sorted, YAML 1.1 quoting
 * (so 'yes' stays a string), sequences not indented under their key, and with
 * the default flow style, collections of scalars in flow style (`[1, 2]`).
 * NOTE: line folding and PyYAML's `-   item` layout at indent 4 differ.
 */
function dumpYaml(value: unknown, options: YamlOptions): string {
  ensureNestedDefined(value);
  const document = new YAML.Document(value, { ...PYYAML, sortMapEntries: options.sortKeys });
  if (options.flowStyle !== false) {
    const setFlow = (_key: unknown, node: YAML.YAMLMap | YAML.YAMLSeq) => {
      const values = node.items.map((item) => (YAML.isPair(item) ? item.value : item));
      node.flow = options.flowStyle === true || values.every((item) => YAML.isScalar(item));
    };
    YAML.visit(document, { Map: setFlow, Seq: setFlow });
  }
  const text = document.toString({
    indent: options.indent,
    indentSeq: false,
    lineWidth: options.width,
    flowCollectionPadding: false,
    singleQuote: true,
  });
  const isPlainScalar = !isMapping(value) && !Array.isArray(value) && !/^['"]/.test(text);
  return isPlainScalar ? `${text}...\n` : text;
}

function yamlFilter(defaults: YamlOptions) {
  return (value: unknown, kwargs: Mapping) => {
    const {
      indent,
      default_flow_style,
      width,
      sort_keys,
      allow_unicode: _unicode,
      ...unknown
    } = kwargs;
    const extra = Object.keys(unknown)[0];
    if (extra) throw new TemplateError(`the YAML filters do not support the argument '${extra}'`);
    return dumpYaml(value, {
      indent: indent === undefined ? defaults.indent : Number(indent),
      flowStyle:
        default_flow_style === undefined
          ? defaults.flowStyle
          : (default_flow_style as boolean | null),
      width: width === undefined ? defaults.width : Number(width),
      sortKeys: sort_keys === undefined ? defaults.sortKeys : Boolean(sort_keys),
    });
  };
}

function fromYaml(value: unknown, all: boolean): unknown {
  if (value === null) return all ? [] : null;
  const text = toStr(value);
  try {
    if (!all) return YAML.parse(text, PYYAML);
    return YAML.parseAllDocuments(text, PYYAML).map((document) => {
      if (document.errors.length) throw document.errors[0];
      return document.toJS();
    });
  } catch (error) {
    throw new TemplateError(
      `the filter '${all ? 'from_yaml_all' : 'from_yaml'}' got invalid YAML: ${(error as Error).message}`,
    );
  }
}

// prettier-ignore
export const DATA_FILTERS: FilterTable = {
  dict2items: filter(['key_name', 'value_name'], dict2items),
  items2dict: filter(['key_name', 'value_name'], items2dict),
  items: filter([], (value) => Object.entries(requireMapping(value, 'items')).map((pair) => makeTuple(pair))),
  combine: filter(['*dicts', 'recursive', 'list_merge'], combine),
  subelements: filter(['subelements', 'skip_missing'], subelements),
  to_json: filter(['**kwargs'], toJson),
  to_nice_json: filter(['indent', 'sort_keys', '**kwargs'], (value, indent = 4, sortKeys = true, kwargs: Mapping) =>
    toJson(value, { ...kwargs, indent, sort_keys: sortKeys, separators: [',', ': '] })),
  from_json: filter([], fromJson),
  to_yaml: filter(['**kwargs'], yamlFilter({ indent: 2, flowStyle: null, width: 80, sortKeys: true })),
  to_nice_yaml: filter(['indent', '**kwargs'], (value, indent = 4, kwargs: Mapping) =>
    yamlFilter({ indent: Number(indent), flowStyle: false, width: 80, sortKeys: true })(value, kwargs)),
  from_yaml: filter([], (value) => fromYaml(value, false)),
  from_yaml_all: filter([], (value) => fromYaml(value, true)),
};
