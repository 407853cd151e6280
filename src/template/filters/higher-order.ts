/**
 * Filters that apply another filter or test to each item: `map`, `select`,
 * `reject`, `selectattr`, `rejectattr`, and Ansible's `extract`.
 */
import { TemplateError } from '../errors.js';
import { lookupMember, memberPath } from '../members.js';
import { isTruthy, repr } from '../python.js';
import { callTest, resolveTestName } from '../tests.js';
import { attributeGetter, type Getter } from './attributes.js';
import { iterate } from './lists.js';
import { callFilter, type FilterDefinition, type FilterTable } from './registry.js';

const KEYWORDS_MARK = { __keywords: true };

/** Re-appends keyword arguments in the form callFilter and callTest expect. */
function withKeywords(args: unknown[], keywords: Record<string, unknown>): unknown[] {
  return Object.keys(keywords).length ? [...args, { ...keywords, ...KEYWORDS_MARK }] : args;
}

/** `map('filter', args...)` or `map(attribute='a.b', default=x)`. */
const mapFilter: FilterDefinition = {
  params: ['*args', '**kwargs'],
  run: (value, args: unknown[], kwargs: Record<string, unknown>) => {
    const items = iterate(value, 'map');
    if (args.length === 0 && Object.hasOwn(kwargs, 'attribute')) {
      const { attribute, default: fallback, ...extra } = kwargs;
      const unexpected = Object.keys(extra)[0];
      if (unexpected)
        throw new TemplateError(
          `the filter 'map' got an unexpected keyword argument '${unexpected}'`,
        );
      return items.map(attributeGetter(attribute, fallback ?? undefined));
    }
    if (args.length === 0)
      throw new TemplateError("the filter 'map' needs a filter name or attribute=");

    const [name, ...rest] = args;
    const filterArgs = withKeywords(rest, kwargs);
    return items.map((item) => callFilter(String(name), item, filterArgs));
  },
};

/** Builds the predicate of select and its kin: a named test, or truthiness when none is named. */
function predicate(args: unknown[], kwargs: Record<string, unknown>): (value: unknown) => boolean {
  if (args.length === 0) return isTruthy;
  const [name, ...rest] = args;
  const test = resolveTestName(String(name));
  if (!test) throw new TemplateError(`no test named ${repr(name)}`);
  const testArgs = withKeywords(rest, kwargs);
  return (value) => callTest(test, value, testArgs);
}

function selecting(name: string, byAttribute: boolean, keep: boolean): FilterDefinition {
  return {
    params: ['*args', '**kwargs'],
    run: (value, args: unknown[], kwargs: Record<string, unknown>) => {
      let read: Getter = (item) => item;
      let testArgs = args;
      if (byAttribute) {
        if (args.length === 0)
          throw new TemplateError(`the filter '${name}' needs an attribute name`);
        read = attributeGetter(args[0]);
        testArgs = args.slice(1);
      }
      const matches = predicate(testArgs, kwargs);
      return iterate(value, name).filter((item) => matches(read(item)) === keep);
    },
  };
}

/** `extract(container, morekeys)`: container[item], then each further key. */
function extract(item: unknown, container: unknown, moreKeys: unknown = null): unknown {
  const keys =
    moreKeys === null ? [item] : [item, ...(Array.isArray(moreKeys) ? moreKeys : [moreKeys])];
  let value = container;
  let path = 'container';
  for (const key of keys) {
    value = lookupMember(value, key, path);
    path = memberPath(path, key);
  }
  return value;
}

// prettier-ignore
export const HIGHER_ORDER_FILTERS: FilterTable = {
  map: mapFilter,
  select: selecting('select', false, true),
  reject: selecting('reject', false, false),
  selectattr: selecting('selectattr', true, true),
  rejectattr: selecting('rejectattr', true, false),
  extract: { params: ['container', 'morekeys'], run: extract },
};
