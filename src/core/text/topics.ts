import { z } from 'zod';

/**
 * User-defined topics: a small query language over words, stored as `{ query }` in a topic's rule.
 *
 *   invoice                 the word or its simple inflections (invoices, invoiced, invoicing)
 *   invoic*                 any word starting with "invoic"
 *   "wrong invoice"         consecutive words (each inflected as above)
 *   a AND b, a b            both (juxtaposition is AND)
 *   a OR b                  either
 *   NOT a                   without
 *   a NEAR/3 b              both, at most 3 words apart (NEAR alone: 5); words or phrases only
 *   ( … )                   grouping; NOT binds tightest, then NEAR, then AND, then OR
 *
 * Operators are recognised in any case; quote a word to search for it literally ("not").
 * No NLP library here: the browser parses and previews rules with this file.
 */

export const TopicRuleSchema = z.object({ query: z.string().trim().min(1).max(2000) }).strict();
export type TopicRule = z.infer<typeof TopicRuleSchema>;

export interface TopicWord {
  /** Stem of the word (see stemWord), or the literal prefix when `prefix` is set. */
  value: string;
  prefix: boolean;
}

export type TopicNode =
  | { type: 'word'; word: TopicWord; text: string }
  | { type: 'phrase'; words: TopicWord[]; text: string }
  | { type: 'and'; children: TopicNode[] }
  | { type: 'or'; children: TopicNode[] }
  | { type: 'not'; child: TopicNode }
  | { type: 'near'; distance: number; left: TopicNode; right: TopicNode };

export type TopicParseResult =
  | { ok: true; ast: TopicNode; rule: TopicRule }
  | { ok: false; message: string; position: number };

const DEFAULT_NEAR = 5;
const MAX_NEAR = 50;
const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lower-cased words of a text, the unit topic rules match on. */
export function tokenizeForTopics(text: string): string[] {
  return text.toLowerCase().match(WORD_RE) ?? [];
}

/** A crude English stem so a word matches its plural and inflections: invoices, invoiced, invoicing → invoic. */
export function stemWord(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/u, '');
  if (w.length <= 3) return w;
  if (w.endsWith('ies') || w.endsWith('ied')) return w.slice(0, -3) + 'y';
  if (w.length > 5 && w.endsWith('ing')) w = undouble(w.slice(0, -3));
  else if (w.length > 4 && w.endsWith('ed')) w = undouble(w.slice(0, -2));
  else if (/(?:ss|sh|ch|x|z)es$/u.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

// shipping → shipp → ship; but keep "ll"/"ss" (billing → bill, processed → process).
function undouble(w: string): string {
  const m = /([b-df-hj-np-tv-z])\1$/u.exec(w);
  if (m && !/[lsz]/u.test(m[1]!)) return w.slice(0, -1);
  return w;
}

type Token =
  | { kind: 'word'; text: string; pos: number }
  | { kind: 'phrase'; text: string; pos: number }
  | { kind: 'and' | 'or' | 'not' | 'lparen' | 'rparen'; pos: number }
  | { kind: 'near'; distance: number; pos: number };

class QueryError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/u.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'lparen' : 'rparen', pos: i });
      i++;
    } else if (c === '"' || c === '“' || c === '”') {
      const close = query.slice(i + 1).search(/["“”]/u);
      if (close < 0) throw new QueryError(`The quote at position ${i + 1} is never closed: add a closing ".`, i);
      const text = query.slice(i + 1, i + 1 + close);
      if (tokenizeForTopics(text.replace(/\*/gu, '')).length === 0) throw new QueryError(`The quotes at position ${i + 1} hold no word: put words between them or remove them.`, i);
      tokens.push({ kind: 'phrase', text, pos: i });
      i += close + 2;
    } else {
      const m = /^[^\s()"“”]+/u.exec(query.slice(i))!;
      const text = m[0];
      const upper = text.toUpperCase();
      const near = /^NEAR(?:\/(\d+))?$/u.exec(upper);
      if (upper === 'AND' || upper === '&&') tokens.push({ kind: 'and', pos: i });
      else if (upper === 'OR' || upper === '||') tokens.push({ kind: 'or', pos: i });
      else if (upper === 'NOT') tokens.push({ kind: 'not', pos: i });
      else if (near) {
        const distance = near[1] === undefined ? DEFAULT_NEAR : Number(near[1]);
        if (distance < 1 || distance > MAX_NEAR) throw new QueryError(`NEAR/${near[1]} at position ${i + 1}: use a distance from 1 to ${MAX_NEAR} words.`, i);
        tokens.push({ kind: 'near', distance, pos: i });
      } else if (/^NEAR\//u.test(upper)) {
        throw new QueryError(`"${text}" at position ${i + 1}: write NEAR/ followed by a number of words, e.g. NEAR/3.`, i);
      } else tokens.push({ kind: 'word', text, pos: i });
      i += text.length;
    }
  }
  return tokens;
}

function toWord(raw: string, pos: number): TopicWord {
  const prefix = raw.endsWith('*');
  const body = prefix ? raw.slice(0, -1) : raw;
  if (body.includes('*')) throw new QueryError(`"${raw}" at position ${pos + 1}: a * may only end a word (invoic*).`, pos);
  const words = tokenizeForTopics(body);
  if (words.length !== 1) throw new QueryError(`"${raw}" at position ${pos + 1} is not a word.`, pos);
  if (prefix && words[0]!.length < 2) throw new QueryError(`"${raw}" at position ${pos + 1}: put at least two letters before the *.`, pos);
  return { value: prefix ? words[0]! : stemWord(words[0]!), prefix };
}

// A raw word may hold punctuation (e-mail, wi-fi): its parts then form a phrase.
function wordNode(text: string, pos: number): TopicNode {
  const prefix = text.endsWith('*');
  if ((prefix ? text.slice(0, -1) : text).includes('*')) throw new QueryError(`"${text}" at position ${pos + 1}: a * may only end a word (invoic*).`, pos);
  const parts = tokenizeForTopics(prefix ? text.slice(0, -1) : text);
  if (parts.length === 0) throw new QueryError(`"${text}" at position ${pos + 1} holds no letters or digits: remove it or quote a word.`, pos);
  if (parts.length === 1) return { type: 'word', word: toWord(text, pos), text };
  const words = parts.map((p, i) => toWord(i === parts.length - 1 && prefix ? `${p}*` : p, pos));
  return { type: 'phrase', words, text };
}

function phraseNode(text: string, pos: number): TopicNode {
  const words = text
    .trim()
    .split(/\s+/u)
    .flatMap((raw) => {
      const prefix = raw.endsWith('*');
      const parts = tokenizeForTopics(prefix ? raw.slice(0, -1) : raw);
      return parts.map((p, i) => toWord(i === parts.length - 1 && prefix ? `${p}*` : p, pos));
    });
  if (words.length === 1) return { type: 'word', word: words[0]!, text };
  return { type: 'phrase', words, text };
}

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  private readonly length: number;
  constructor(tokens: Token[], length: number) {
    this.tokens = tokens;
    this.length = length;
  }

  parse(): TopicNode {
    if (this.tokens.length === 0) throw new QueryError('The query is empty: write at least one word.', 0);
    const node = this.parseOr();
    const extra = this.tokens[this.i];
    if (extra) throw new QueryError(extra.kind === 'rparen' ? `The ) at position ${extra.pos + 1} closes nothing: remove it or add a ( before it.` : `Unexpected text at position ${extra.pos + 1}.`, extra.pos);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private parseOr(): TopicNode {
    const children = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      this.i++;
      children.push(this.parseAnd());
    }
    return children.length === 1 ? children[0]! : { type: 'or', children: flatten(children, 'or') };
  }

  private parseAnd(): TopicNode {
    const children = [this.parseNear()];
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === 'or' || t.kind === 'rparen') break;
      if (t.kind === 'and') this.i++;
      children.push(this.parseNear());
    }
    return children.length === 1 ? children[0]! : { type: 'and', children: flatten(children, 'and') };
  }

  private parseNear(): TopicNode {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'near') break;
      this.i++;
      const right = this.parseUnary();
      if (!isPositional(left) || !isPositional(right)) {
        throw new QueryError(`NEAR at position ${t.pos + 1} joins words or quoted phrases only, not groups or NOT.`, t.pos);
      }
      left = { type: 'near', distance: t.distance, left, right };
    }
    return left;
  }

  private parseUnary(): TopicNode {
    const t = this.peek();
    if (t?.kind === 'not') {
      this.i++;
      return { type: 'not', child: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): TopicNode {
    const t = this.peek();
    const before = this.tokens[this.i - 1];
    if (!t) {
      const what = before ? describe(before) : 'the query';
      throw new QueryError(`The query ends after ${what}: add a word after it.`, this.length);
    }
    this.i++;
    switch (t.kind) {
      case 'word':
        return wordNode(t.text, t.pos);
      case 'phrase':
        return phraseNode(t.text, t.pos);
      case 'lparen': {
        if (this.peek()?.kind === 'rparen') throw new QueryError(`The parentheses at position ${t.pos + 1} are empty: put words inside or remove them.`, t.pos);
        const inner = this.parseOr();
        if (this.peek()?.kind !== 'rparen') throw new QueryError(`The ( at position ${t.pos + 1} is never closed: add a ).`, t.pos);
        this.i++;
        return inner;
      }
      case 'rparen':
        throw new QueryError(`The ) at position ${t.pos + 1} comes too early: put a word before it${before ? ` (after ${describe(before)})` : ''}.`, t.pos);
      default:
        throw new QueryError(before && before.kind !== 'lparen' ? `${describe(before)} is followed by ${describe(t)} at position ${t.pos + 1}: put a word between them.` : `The query cannot start with ${describe(t)} (position ${t.pos + 1}): put a word before it.`, t.pos);
    }
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'and':
      return 'AND';
    case 'or':
      return 'OR';
    case 'not':
      return 'NOT';
    case 'near':
      return 'NEAR';
    case 'lparen':
      return '(';
    case 'rparen':
      return ')';
    default:
      return `"${t.text}"`;
  }
}

// (a AND b) AND c is a AND b AND c: one canonical tree whatever the parentheses.
function flatten(children: TopicNode[], type: 'and' | 'or'): TopicNode[] {
  return children.flatMap((c) => (c.type === type ? c.children : [c]));
}

function isPositional(n: TopicNode): boolean {
  return n.type === 'word' || n.type === 'phrase' || n.type === 'near';
}

/** Parses a topic query into its tree, or says where and why it does not parse. */
export function parseTopicQuery(query: string): TopicParseResult {
  try {
    const tokens = lex(query);
    const ast = new Parser(tokens, query.length).parse();
    return { ok: true, ast, rule: { query: query.trim() } };
  } catch (e) {
    if (e instanceof QueryError) return { ok: false, message: e.message, position: e.position };
    throw e;
  }
}

const compiled = new Map<string, TopicNode | null>();

/** The tree of a stored rule (`{ query }`), or null when it is not a valid rule; parsed once per query. */
export function compileTopicRule(rule: unknown): TopicNode | null {
  const parsed = TopicRuleSchema.safeParse(rule);
  if (!parsed.success) return null;
  const query = parsed.data.query;
  let ast = compiled.get(query);
  if (ast === undefined) {
    const result = parseTopicQuery(query);
    ast = result.ok ? result.ast : null;
    if (compiled.size > 5000) compiled.clear();
    compiled.set(query, ast);
  }
  return ast;
}

/** Words of a text prepared for matching: the lower-case words and their stems. */
export interface TopicText {
  words: readonly string[];
  stems: readonly string[];
}

// Stems of the words seen lately: a comment's words repeat across comments.
const stems = new Map<string, string>();
function cachedStem(word: string): string {
  let s = stems.get(word);
  if (s === undefined) {
    if (stems.size > 50_000) stems.clear();
    s = stemWord(word);
    stems.set(word, s);
  }
  return s;
}

/** Prepares a text (or its words) for matchTopic. */
export function prepareTopicText(text: string | readonly string[]): TopicText {
  const words = typeof text === 'string' ? tokenizeForTopics(text) : text.map((w) => w.toLowerCase());
  return { words, stems: words.map(cachedStem) };
}

function wordAt(t: TopicText, i: number, w: TopicWord): boolean {
  return w.prefix ? t.words[i]!.startsWith(w.value) : t.stems[i] === w.value;
}

// Start and end (inclusive) word index of every occurrence of a positional node.
function spans(n: TopicNode, t: TopicText): [number, number][] {
  const out: [number, number][] = [];
  if (n.type === 'word') {
    for (let i = 0; i < t.words.length; i++) if (wordAt(t, i, n.word)) out.push([i, i]);
  } else if (n.type === 'phrase') {
    const k = n.words.length;
    for (let i = 0; i + k <= t.words.length; i++) {
      let all = true;
      for (let j = 0; j < k && all; j++) all = wordAt(t, i + j, n.words[j]!);
      if (all) out.push([i, i + k - 1]);
    }
  } else if (n.type === 'near') {
    const left = spans(n.left, t);
    const right = spans(n.right, t);
    for (const a of left) {
      for (const b of right) {
        const gap = a[0] <= b[0] ? b[0] - a[1] : a[0] - b[1];
        if (gap >= 1 && gap <= n.distance + 1) out.push([Math.min(a[0], b[0]), Math.max(a[1], b[1])]);
      }
    }
  }
  return out;
}

/** Whether a text matches a topic tree. */
export function matchTopic(ast: TopicNode, text: TopicText): boolean {
  switch (ast.type) {
    case 'word':
      for (let i = 0; i < text.words.length; i++) if (wordAt(text, i, ast.word)) return true;
      return false;
    case 'phrase':
    case 'near':
      return spans(ast, text).length > 0;
    case 'and':
      return ast.children.every((c) => matchTopic(c, text));
    case 'or':
      return ast.children.some((c) => matchTopic(c, text));
    case 'not':
      return !matchTopic(ast.child, text);
  }
}

const PRECEDENCE: Record<TopicNode['type'], number> = { or: 1, and: 2, near: 3, not: 4, word: 5, phrase: 5 };

/** The canonical text of a topic tree: upper-case operators, quotes on phrases, parentheses only where needed. */
export function formatTopicQuery(ast: TopicNode): string {
  const wrap = (child: TopicNode, parent: TopicNode['type']): string => {
    const s = formatTopicQuery(child);
    return PRECEDENCE[child.type] <= PRECEDENCE[parent] && child.type !== 'word' && child.type !== 'phrase' ? `(${s})` : s;
  };
  switch (ast.type) {
    case 'word':
      return /^[^\s()"“”]+$/u.test(ast.text) && !/^(?:and|or|not|near(?:\/\d+)?)$/iu.test(ast.text) ? ast.text.toLowerCase() : `"${ast.text.toLowerCase()}"`;
    case 'phrase':
      return `"${ast.text.toLowerCase().trim().replace(/\s+/gu, ' ')}"`;
    case 'and':
      return ast.children.map((c) => wrap(c, 'and')).join(' AND ');
    case 'or':
      return ast.children.map((c) => wrap(c, 'or')).join(' OR ');
    case 'not':
      return `NOT ${wrap(ast.child, 'not')}`;
    case 'near':
      return `${wrap(ast.left, 'near')} NEAR/${ast.distance} ${wrap(ast.right, 'near')}`;
  }
}
