/** Registers every filter, so that importing this module makes them callable by name. */
import { CONVERT_FILTERS } from './convert.js';
import { DATA_FILTERS } from './data.js';
import { HIGHER_ORDER_FILTERS } from './higher-order.js';
import { LIST_FILTERS } from './lists.js';
import { PASSWORD_FILTERS } from './password-hash.js';
import { REGEX_FILTERS } from './regex.js';
import { registerFilters } from './registry.js';
import { STRING_FILTERS } from './strings.js';

registerFilters(CONVERT_FILTERS);
registerFilters(STRING_FILTERS);
registerFilters(REGEX_FILTERS);
registerFilters(LIST_FILTERS);
registerFilters(HIGHER_ORDER_FILTERS);
registerFilters(DATA_FILTERS);
registerFilters(PASSWORD_FILTERS);

export { callFilter, filterNames, hasFilter, resolveFilterName } from './registry.js';
