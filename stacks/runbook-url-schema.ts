import { z } from 'zod';
import { MAX_RUNBOOK_BASE_URL_LENGTH, RUNBOOK_BASE_URL_CHARACTERS } from '../modules/alarm-description';
import { show } from './show-value';

/** What to do instead of linking the example company's runbooks, which do not exist. */
export const RUNBOOK_EXAMPLE_ADVICE =
  'serve docs/detections.md from your copy of this project and give its URL, or leave the field out to link the runbooks the stack ships into the account';

/** What `runbookBaseUrl` accepts, in the words every refusal uses. */
export const RUNBOOK_BASE_URL_EXPECTED =
  `expected an https URL of at most ${MAX_RUNBOOK_BASE_URL_LENGTH} characters, such as "https://wiki.example.com/runbooks/s3-audit-trail", ` +
  'without a "#" part (each alarm adds #<detection id>) and without spaces or quotes';

function isRunbookBaseUrl(text: string): boolean {
  if (text.length > MAX_RUNBOOK_BASE_URL_LENGTH || !RUNBOOK_BASE_URL_CHARACTERS.test(text)) return false;
  try {
    // A host with a dot: a link in an email has to name a real domain.
    return z.regexes.domain.test(new URL(text).hostname);
  } catch {
    return false;
  }
}

/**
 * Where each alarm's runbook link points: `<runbookBaseUrl>#<detection id>`, absolute so that it
 * works from an email or a chat message. Its length is bounded so that every alarm description
 * still fits CloudWatch's 1024 characters with the link in it.
 */
export const runbookBaseUrlSchema = z
  .string({ error: (iss) => `${show(iss.input)} is not accepted; ${RUNBOOK_BASE_URL_EXPECTED}` })
  .refine(isRunbookBaseUrl, { error: (iss) => `${show(iss.input)} is not accepted; ${RUNBOOK_BASE_URL_EXPECTED}` });
