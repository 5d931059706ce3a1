import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root';

/**
 * Writes a generated document, or with `--check` only compares it with what is committed.
 * Returns the exit code: 1 when checking finds the file missing or stale.
 */
export function writeOrCheckDoc(docPath: string, rendered: string, args: readonly string[], regenerateCommand: string): number {
  const relative = path.relative(PROJECT_ROOT, docPath);
  if (args.includes('--check')) {
    const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : undefined;
    if (current === rendered) return 0;
    console.error(`${relative} is ${current === undefined ? 'missing' : 'out of date'}; run \`${regenerateCommand}\` and commit the result`);
    return 1;
  }
  mkdirSync(path.dirname(docPath), { recursive: true });
  writeFileSync(docPath, rendered);
  console.log(`Wrote ${relative}`);
  return 0;
}

/** A fenced code block whose fence is longer than any backtick run in the text. */
export function codeBlock(text: string, language = ''): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}
