/**
 * Disposable lab hosts on this machine: real OpenSSH servers, and with
 * `docker: true` real Docker engines, each in its own mount and UTS
 * namespace, for trying playbooks and for the project's lab tests.
 */
export { labDown } from './down.js';
export { LabError } from './lab-error.js';
export { labStatus } from './status.js';
export { labDefaults } from './types.js';
export type { LabHost, LabState, LabStatus, LabUpOptions, LabUser } from './types.js';
export { labUp } from './up.js';
export { rekeyLabHost } from './rekey.js';
