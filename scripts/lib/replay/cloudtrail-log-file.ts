/**
 * Reads one CloudTrail log file, as CloudTrail writes it to S3: a JSON object `{"Records": [...]}`,
 * gzip-compressed (`.json.gz`) or plain. It streams: the records are cut out of the text as it is
 * decompressed and handed over one at a time, so memory holds one chunk and one record, however
 * large the file. Anything that is not such a file, complete, is an UnreadableLogFile naming why.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

export class UnreadableLogFile extends Error {
  constructor(readonly file: string, readonly reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'UnreadableLogFile';
  }
}

/**
 * Top-level fields of a record, read while it is cut out: a string value, `null` for a value that
 * is not a string, absent when the record has no such field.
 */
export type TopLevelStrings = Readonly<Record<string, string | null>>;

/**
 * Receives each record's JSON text, in file order, with the top-level strings asked for. The scanner
 * has checked the record's brackets and strings; parsing it is the visitor's to do, if it needs to.
 */
export type RecordVisitor = (recordText: string, topLevel: TopLevelStrings) => void;

const GZIP_MAGIC = [0x1f, 0x8b];
/** Bigger than the stream default (64 KiB): fewer, larger pieces cost less per record. */
const CHUNK_BYTES = 256 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const BYTE_ORDER_MARK = 0xfeff;

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;

/** Thrown by the scanner; the reader adds the file name. */
class NotALogFile extends Error {}

/** Depth of the text inside one record: file object 1, Records array 2, the record's own members 3. */
const FILE = 1;
const RECORDS = 2;
const RECORD = 3;
const FILE_KEYS = ['Records'];

/**
 * Cuts the elements of the top-level "Records" array out of JSON text fed in pieces, noting the
 * top-level string fields asked for. It checks the structure it needs (brackets, strings, an array
 * of objects) and leaves the rest of JSON's syntax to JSON.parse.
 */
/** An offset into the carried text rather than into the piece being scanned. */
const IN_CARRY = -2;
const NONE = -1;

export class RecordsScanner {
  /**
   * The unfinished record (from its `{`), or the unfinished key or value string (from its quote),
   * at the end of the pieces pushed so far. Each piece is scanned as it is: appending it to what came
   * before would make a rope, which V8 reads character by character several times slower.
   */
  private carry = '';
  private carriedRecordStart = NONE;
  private carriedStringStart = NONE;
  /** Backslashes ending the pieces so far inside a string: an odd count escapes what comes next. */
  private carriedBackslashes = 0;
  private depth = 0;
  private inString = false;
  private started = false;
  private done = false;
  private noTextYet = true;
  private inRecords = false;
  private sawRecords = false;
  /** At depth FILE or RECORD: the next string is a key (after `{` or `,`). */
  private expectKey = false;
  /** The key just read at depth FILE or RECORD, if it is one asked about, until its value starts. */
  private key: string | undefined;
  private topLevel: Record<string, string | null> = {};

  constructor(
    private readonly visit: RecordVisitor,
    private readonly fields: readonly string[] = [],
  ) {}

  /** The hot loop of replay: state lives in locals while it runs, and the common case comes first. */
  push(text: string): void {
    const length = text.length;
    let depth = this.depth;
    let inString = this.inString;
    let expectKey = this.expectKey;
    let key = this.key;
    let recordStart = this.carriedRecordStart === NONE ? NONE : IN_CARRY;
    let stringStart = this.carriedStringStart === NONE ? NONE : IN_CARRY;
    let i = 0;
    // Editors on Windows save UTF-8 with a byte order mark.
    if (this.noTextYet && length > 0) {
      this.noTextYet = false;
      if (text.charCodeAt(0) === BYTE_ORDER_MARK) i = 1;
    }
    while (i < length) {
      if (inString) {
        const end = closingQuote(text, i, this.carriedBackslashes);
        if (end === -1) break;
        inString = false;
        i = end + 1;
        if (depth !== RECORD && depth !== FILE) continue;
        const names = depth === FILE ? FILE_KEYS : this.fields;
        if (expectKey) {
          // Only the keys asked about are kept, so that the others cost no copy of their text.
          if (stringStart === IN_CARRY) {
            const raw = this.carriedString(text, end);
            key = names.find((name) => name === raw);
          } else {
            key = keyNamed(text, stringStart + 1, end, names);
          }
          expectKey = false;
        } else {
          if (depth === RECORD && key !== undefined) {
            const raw = stringStart === IN_CARRY ? this.carriedString(text, end) : text.slice(stringStart + 1, end);
            this.topLevel[key] = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          }
          key = undefined;
        }
        stringStart = NONE;
        continue;
      }
      const code = text.charCodeAt(i);
      if (depth > RECORD) {
        // Inside a record's nested values only strings and brackets matter.
        if (code === QUOTE) {
          inString = true;
          stringStart = i;
        } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
          depth += 1;
        } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
          depth -= 1;
        }
        i += 1;
        continue;
      }
      i += 1;
      if (isSpace(code)) continue;
      if (this.done) throw new NotALogFile('text after the end of the JSON object');
      if (!this.started) {
        if (code !== OPEN_BRACE) throw new NotALogFile('not a JSON object (a CloudTrail log file is {"Records": [...]})');
        this.started = true;
        depth = FILE;
        expectKey = true;
        continue;
      }
      if (this.inRecords && depth === RECORDS) {
        if (code === OPEN_BRACE) {
          recordStart = i - 1;
          depth = RECORD;
          expectKey = true;
          this.topLevel = {};
        } else if (code === CLOSE_BRACKET) {
          this.inRecords = false;
          this.sawRecords = true;
          depth = FILE;
        } else if (code !== COMMA) {
          throw new NotALogFile('"Records" holds something other than JSON objects');
        }
        continue;
      }
      if (code === QUOTE) {
        inString = true;
        stringStart = i - 1;
        continue;
      }
      const membersLevel = depth === FILE || depth === RECORD;
      if (membersLevel) {
        if (code === COMMA) {
          expectKey = true;
          continue;
        }
        if (code === COLON) continue;
        // A value other than a string: the top-level field asked for is then not a string.
        if (depth === RECORD && key !== undefined) this.topLevel[key] = null;
      }
      const opensRecords = depth === FILE && code === OPEN_BRACKET && key === 'Records';
      if (membersLevel) key = undefined;
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (opensRecords) this.inRecords = true;
        depth += 1;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        depth -= 1;
        if (this.inRecords && depth === RECORDS) {
          this.visit(recordStart === IN_CARRY ? this.carry.slice(this.carriedRecordStart) + text.slice(0, i) : text.slice(recordStart, i), this.topLevel);
          recordStart = NONE;
        } else if (depth === 0) {
          this.done = true;
        } else if (depth < 0) {
          throw new NotALogFile('more closing brackets than opening ones');
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.expectKey = expectKey;
    this.key = key;
    this.carryOver(text, recordStart, inString ? stringStart : NONE);
  }

  /** Call once the whole file has been pushed. */
  end(): void {
    if (!this.started) throw new NotALogFile('empty file');
    if (!this.done) throw new NotALogFile('truncated: the JSON ends before its closing bracket');
    if (!this.sawRecords) throw new NotALogFile('no "Records" array (a CloudTrail log file is {"Records": [...]})');
  }

  /** The contents of a string that started in the carried text and ends at `end` in this piece. */
  private carriedString(text: string, end: number): string {
    return this.carry.slice(this.carriedStringStart + 1) + text.slice(0, end);
  }

  /** Keeps what the next piece may need: the unfinished record, or else the unfinished string. */
  private carryOver(text: string, recordStart: number, stringStart: number): void {
    const old = { carry: this.carry, record: this.carriedRecordStart, string: this.carriedStringStart };
    this.carry = '';
    this.carriedRecordStart = NONE;
    this.carriedStringStart = NONE;
    if (recordStart !== NONE) {
      const before = recordStart === IN_CARRY ? old.carry.slice(old.record) : '';
      this.carry = before + (recordStart === IN_CARRY ? text : text.slice(recordStart));
      this.carriedRecordStart = 0;
      if (stringStart === IN_CARRY) this.carriedStringStart = old.string - old.record;
      else if (stringStart !== NONE) this.carriedStringStart = before.length + stringStart - (recordStart === IN_CARRY ? 0 : recordStart);
    } else if (stringStart !== NONE) {
      this.carry = stringStart === IN_CARRY ? old.carry.slice(old.string) + text : text.slice(stringStart);
      this.carriedStringStart = 0;
    }
    let backslashes = 0;
    if (this.inString) {
      for (let k = text.length - 1; k >= 0 && text.charCodeAt(k) === BACKSLASH; k -= 1) backslashes += 1;
      if (backslashes === text.length) backslashes += this.carriedBackslashes;
    }
    this.carriedBackslashes = backslashes;
  }
}

function keyNamed(text: string, start: number, end: number, names: readonly string[]): string | undefined {
  for (const name of names) if (name.length === end - start && text.startsWith(name, start)) return name;
  return undefined;
}

/**
 * The index of the quote that closes the JSON string `from` is inside (at or after `from`), or -1
 * when the piece ends first. A quote after an odd number of backslashes is escaped; a run of them
 * that reaches the start of the piece continues the `carriedBackslashes` of the piece before.
 */
function closingQuote(text: string, from: number, carriedBackslashes: number): number {
  for (let at = from; ; ) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return -1;
    let backslashes = 0;
    let k = quote - 1;
    for (; k >= 0 && text.charCodeAt(k) === BACKSLASH; k -= 1) backslashes += 1;
    if (k < 0) backslashes += carriedBackslashes;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

/**
 * Hands each record of `file` to `visit`, with its top-level string `fields`; returns how many
 * records there were.
 */
export async function readLogFile(file: string, visit: RecordVisitor, fields: readonly string[] = []): Promise<number> {
  let records = 0;
  const scanner = new RecordsScanner((text, topLevel) => {
    records += 1;
    visit(text, topLevel);
  }, fields);
  const decoder = new StringDecoder('utf8');
  const consume = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) scanner.push(decoder.write(chunk));
    scanner.push(decoder.end());
  };
  try {
    // Detected by content, not name: a downloaded file may have lost its extension.
    const gzip = await isGzip(file);
    const input = createReadStream(file, { highWaterMark: CHUNK_BYTES });
    if (gzip) await pipeline(input, createGunzip({ chunkSize: CHUNK_BYTES }), consume);
    else await pipeline(input, consume);
    scanner.end();
  } catch (error) {
    // A visitor that finds a record unusable says so with an UnreadableLogFile of its own.
    if (error instanceof UnreadableLogFile) throw error;
    if (error instanceof NotALogFile) throw new UnreadableLogFile(file, error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR') {
      throw new UnreadableLogFile(file, `not a complete gzip file (${(error as Error).message})`);
    }
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      throw new UnreadableLogFile(file, `cannot be read (${code})`);
    }
    throw error;
  }
  return records;
}
