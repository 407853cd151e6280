/**
 * Python-style argument binding for filters, tests and methods. A template
 * call such as `sort(attribute='name', reverse=true)` reaches JavaScript as
 * positional values followed by one keyword object, which nunjucks marks
 * with `__keywords`. Binding maps both onto the parameter list by name.
 */
import { TemplateError } from './errors.js';
import { isMapping, type Mapping } from './python.js';

export interface CallArguments {
  positional: unknown[];
  keywords: Mapping;
}

/** Separates the keyword object nunjucks appends from the positional values. */
export function splitArguments(args: readonly unknown[]): CallArguments {
  const last = args[args.length - 1];
  if (isMapping(last) && last.__keywords === true) {
    const keywords = { ...last };
    delete keywords.__keywords;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: [...args], keywords: {} };
}

/**
 * Binds arguments to `params`, in order. A name starting with `*` takes all
 * remaining positional values as an array, as Python's `*args` does, and a
 * last name starting with `**` takes the unknown keywords as an object.
 * Missing parameters are `undefined`, so the implementation's defaults apply.
 */
export function bindArguments(
  callee: string,
  params: readonly string[],
  call: CallArguments,
): unknown[] {
  const bound: unknown[] = new Array(params.length).fill(undefined);
  const variadic = params.findIndex((name) => name.startsWith('*') && !name.startsWith('**'));
  const extraKeywords = params.findIndex((name) => name.startsWith('**'));
  let fixed = variadic;
  if (variadic < 0) fixed = extraKeywords < 0 ? params.length : params.length - 1;
  const { positional, keywords } = call;
  if (extraKeywords >= 0) bound[extraKeywords] = {};

  if (variadic < 0 && positional.length > fixed) {
    throw new TemplateError(
      `${callee} takes at most ${fixed} arguments (${positional.length} given)`,
    );
  }
  positional.slice(0, fixed).forEach((value, i) => (bound[i] = value));
  if (variadic >= 0) bound[variadic] = positional.slice(fixed);

  for (const [name, value] of Object.entries(keywords)) {
    const index = params.indexOf(name);
    if (index < 0 && extraKeywords >= 0) {
      (bound[extraKeywords] as Mapping)[name] = value;
      continue;
    }
    if (index < 0)
      throw new TemplateError(`${callee} got an unexpected keyword argument '${name}'`);
    if (index < positional.length && index < fixed) {
      throw new TemplateError(`${callee} got multiple values for argument '${name}'`);
    }
    bound[index] = value;
  }
  return bound;
}
