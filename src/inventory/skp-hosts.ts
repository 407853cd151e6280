/**
 * The hosts file of the SKP shell tool that skprun replaces: a JSON object
 * of host name to `{ "ipv4": "...", "labels": { ... } }`. The address becomes
 * `ansible_host`. A label `registry: enable` puts the host in group
 * `registry`, and any other value `v` in group `registry_v`. The labels also
 * stay as the host variable `skp_labels`.
 */
import { didYouMean } from '../playbook/did-you-mean.js';
import type { Problems, Site } from '../playbook/site.js';
import type { InventoryBuilder } from './builder.js';

const HOST_KEYS = ['ipv4', 'labels'];
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Checks whether a JSON value has the shape of an SKP hosts file. */
export function isSkpHosts(value: unknown): boolean {
  if (!isRecord(value) || Object.keys(value).length === 0) return false;
  return Object.values(value).every((entry) => isRecord(entry) && ('ipv4' in entry || 'labels' in entry));
}

export function readSkpHosts(value: Record<string, unknown>, site: Site, builder: InventoryBuilder, problems: Problems): void {
  for (const [name, entry] of Object.entries(value)) {
    readHost(name, entry as Record<string, unknown>, site.child(name), builder, problems);
  }
}

function readHost(name: string, entry: Record<string, unknown>, site: Site, builder: InventoryBuilder, problems: Problems): void {
  for (const key of Object.keys(entry)) {
    if (HOST_KEYS.includes(key)) continue;
    const hint = didYouMean(key, HOST_KEYS);
    problems.add(site.child(key).keyError(`unknown key "${key}" for host ${name} (an SKP host entry takes ipv4 and labels)${hint}`));
  }

  const vars: Record<string, unknown> = {};
  const { ipv4 } = entry;
  if (ipv4 !== undefined) {
    if (typeof ipv4 === 'string' && IPV4.test(ipv4)) vars.ansible_host = ipv4;
    else problems.add(site.child('ipv4').error('should be an IPv4 address such as 192.0.2.10'));
  }
  const labels = readLabels(entry.labels, site.child('labels'), problems);
  vars.skp_labels = labels;

  builder.addHost(name, 'all', vars);
  for (const [label, labelValue] of Object.entries(labels)) {
    builder.addHost(name, labelValue === 'enable' ? label : `${label}_${labelValue}`);
  }
}

function readLabels(raw: unknown, site: Site, problems: Problems): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) {
    problems.add(site.error('should be a mapping of label names to values'));
    return {};
  }
  const labels: Record<string, string> = {};
  for (const [label, value] of Object.entries(raw)) {
    if (typeof value === 'string' && value !== '') labels[label] = value;
    else problems.add(site.child(label).error('a label value should be a non-empty string, such as "enable"'));
  }
  return labels;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
