import { z } from 'zod';
import { show } from './show-value';

/** A list of email addresses to subscribe, empty when left out. */
export const emailListSchema = z
  .array(z.email({ error: (iss) => `${show(iss.input)} is not a valid email address` }), {
    error: (iss) => `${show(iss.input)} is not accepted; expected a list of email addresses`,
  })
  .default([]);

/** The positions of addresses listed before, ignoring case (mail systems do): each would be subscribed twice. */
export function repeatedAddressIndexes(addresses: readonly string[]): number[] {
  const seen = new Set<string>();
  return addresses.flatMap((address, index) => {
    const key = address.toLowerCase();
    const repeated = seen.has(key);
    seen.add(key);
    return repeated ? [index] : [];
  });
}
