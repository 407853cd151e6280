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
