/**
 * The README is the front door and docs/ the reference: the README stays short, every link in them
 * leads to a file or heading of the repository, every `npm run` it names exists, and its code
 * blocks are what the project does (the definition it shows is an example that is synthesized in
 * the tests; the refusal it shows is the loader's own words).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';
import { EnvironmentsDefinitionError, parseEnvironments } from '../../stacks/load-environments';

const ROOT = path.join(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const readmeText = readFileSync(README, 'utf8');
const MARKDOWN = [
  README,
  ...readdirSync(path.join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => path.join(ROOT, 'docs', name)),
  path.join(ROOT, 'examples', 'cloudtrail', 'README.md'),
];

/** The text outside fenced code blocks: links and headings shown as code are not links. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

/** The anchors GitHub gives a file's headings. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set([...prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)].map(([, heading]) => slugger.slug(heading)));
}

/** Fenced code blocks of a language ('' for none), read fence by fence: a closing fence opens nothing. */
function codeBlocks(text: string, language: string): string[] {
  const blocks: string[] = [];
  let open: { language: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const fence = /^```(\S*)\s*$/.exec(line);
    if (!open && fence) open = { language: fence[1], lines: [] };
    else if (open && fence && fence[1] === '') {
      if (open.language === language) blocks.push(`${open.lines.join('\n')}\n`);
      open = undefined;
    } else open?.lines.push(line);
  }
  return blocks;
}

test('GIVEN the README THEN it is under 250 lines', () => {
  expect(readmeText.split('\n').length).toBeLessThan(250);
});

describe.each(MARKDOWN.map((file) => [path.relative(ROOT, file), file]))('%s', (_name, file) => {
  const links = [...prose(readFileSync(file, 'utf8')).matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target).filter((target) => !/^[a-z]+:/.test(target));

  test('THEN every relative link resolves to a file of the repository, and every anchor to a heading of it', () => {
    const broken = links.filter((link) => {
      const [target, anchor] = link.split('#');
      const resolved = target === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(target));
      if (!resolved.startsWith(ROOT) || !existsSync(resolved)) return true;
      return anchor !== undefined && (!resolved.endsWith('.md') || !anchorsOf(resolved).has(anchor));
    });
    expect(broken).toEqual([]);
  });
});

test('GIVEN the README THEN every `npm run` it names is a script of package.json', () => {
  const scripts = Object.keys(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
  const named = [...new Set([...readmeText.matchAll(/npm run ([\w:]+)/g)].map(([, script]) => script))];
  expect(named.length).toBeGreaterThan(10);
  expect(named.filter((script) => !scripts.includes(script))).toEqual([]);
});

test('GIVEN the definition the README shows THEN it is examples/one-account.json, which the example tests synthesize', () => {
  const [shown] = codeBlocks(readmeText, 'json');
  expect(JSON.parse(shown)).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'examples', 'one-account.json'), 'utf8')));
});

test('GIVEN the refusal the README shows THEN the loader words it so, for a prod with an 11-digit account and a misspelled field', () => {
  const shown = codeBlocks(readmeText, '').find((block) => block.startsWith('Invalid environments definition'));
  const [example] = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'one-account.json'), 'utf8'));
  const { logRetentionDays, ...rest } = example;
  let message = '';
  try {
    parseEnvironments([{ ...rest, accountId: '33333333333', retentionDay: logRetentionDays }]);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentsDefinitionError);
    message = (error as Error).message;
  }
  const actual = message.split('\n');
  const lines = (shown ?? '').trimEnd().split('\n');
  expect(actual).toHaveLength(lines.length);
  // The README abbreviates the list of accepted fields with "...".
  lines.forEach((line, index) => expect(line.endsWith('...') ? actual[index].startsWith(line.slice(0, -3)) : actual[index] === line).toBe(true));
});
