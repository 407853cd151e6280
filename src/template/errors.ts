import { SkprunError } from '../errors.js';

/**
 * A template that cannot be rendered: a syntax error, an undefined variable,
 * a filter or test given the wrong input. `variable` names the undefined
 * variable (`registry_port`, `item.name`) when that is the cause.
 */
export class TemplateError extends SkprunError {
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
  }
}

/** Quotes a template for messages, cut to 80 characters. */
export function describeTemplate(source: string): string {
  const excerpt = source.length > 80 ? `${source.slice(0, 77)}...` : source;
  return JSON.stringify(excerpt);
}
