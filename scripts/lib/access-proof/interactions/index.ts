import type { Interaction, InteractionSource } from '../interaction';
import type { ProofSubject } from '../proof-subject';
import { serverAccessLogging } from './access-logging';
import { alarmNotifications } from './alarm-notifications';
import { bucketAccess } from './bucket-access';
import { chatChannel } from './chat-channel';
import { cloudTrailDelivery } from './cloudtrail-delivery';
import { eventBridgeNotifications } from './eventbridge-notifications';
import { keyAdministration } from './key-administration';
import { logGroupEncryption } from './log-group-encryption';
import { replication } from './replication';

/** Every part of a stack a service or a person acts on. A new resource that takes a policy gets its interactions here. */
export const INTERACTION_SOURCES: readonly InteractionSource[] = [
  cloudTrailDelivery,
  logGroupEncryption,
  alarmNotifications,
  eventBridgeNotifications,
  serverAccessLogging,
  replication,
  chatChannel,
  keyAdministration,
  bucketAccess,
];

export function interactionsFor(subject: ProofSubject): Interaction[] {
  const interactions = INTERACTION_SOURCES.flatMap((source) => source(subject));
  const ids = new Set<string>();
  for (const interaction of interactions) {
    if (ids.has(interaction.id)) throw new Error(`${subject.name}: two interactions share the id ${interaction.id}`);
    if (!interaction.id.startsWith(`${interaction.kind}:`)) throw new Error(`${subject.name}: the id ${interaction.id} does not start with its kind ${interaction.kind}`);
    ids.add(interaction.id);
  }
  return interactions;
}
