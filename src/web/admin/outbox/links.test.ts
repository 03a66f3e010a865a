import { describe, expect, it } from 'vitest';
import { decodeEntities, linksOf, orderHeaders } from './links.ts';

describe('linksOf', () => {
  it('lists each web link once, in order, with its words and kind', () => {
    const html = [
      '<p>Hello</p>',
      '<a href="https://c.example/s/check?t=abc&amp;pick=0" aria-label="0" style="x">0</a>',
      '<a href="https://c.example/s/check?t=abc&#38;pick=1">1</a>',
      '<table><tr><td><a href="https://c.example/s/check?t=abc" target="_blank"><span>Start the</span>\n  survey</a></td></tr></table>',
      "<a href='https://c.example/s/check?t=abc'>Or open the survey</a>",
      '<a href="https://c.example/u/abc"><img src="x.png" alt=""></a>',
      '<a href="https://c.example/u/abc">Unsubscribe</a>',
      '<a href="javascript:alert(1)">Bad</a><a href="mailto:a@b.test">Mail</a><a href="/relative">Rel</a><a name="top">No href</a>',
      '<a href="https://example.org/about">About &lt;us&gt;</a>',
    ].join('');
    expect(linksOf(html)).toEqual([
      { url: 'https://c.example/s/check?t=abc&pick=0', labels: ['0'], kind: 'answer' },
      { url: 'https://c.example/s/check?t=abc&pick=1', labels: ['1'], kind: 'answer' },
      { url: 'https://c.example/s/check?t=abc', labels: ['Start the survey', 'Or open the survey'], kind: 'survey' },
      { url: 'https://c.example/u/abc', labels: ['Unsubscribe'], kind: 'unsubscribe' },
      { url: 'https://example.org/about', labels: ['About <us>'], kind: 'other' },
    ]);
  });

  it('finds nothing in a message without links', () => {
    expect(linksOf('<p>Plain <b>text</b></p>')).toEqual([]);
  });
});

describe('decodeEntities', () => {
  it('undoes named, decimal and hexadecimal references, and leaves unknown ones', () => {
    expect(decodeEntities('a&amp;b &#60;i&#x3E; &quot;q&quot; &bogus; &#0;')).toBe('a&b <i> "q" &bogus; &#0;');
  });
});

describe('orderHeaders', () => {
  it('puts List-Unsubscribe first, then the rest by name', () => {
    expect(orderHeaders({ 'X-B': '2', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Unsubscribe': '<u>', 'A-First': '1' }).map(([k]) => k)).toEqual([
      'List-Unsubscribe',
      'List-Unsubscribe-Post',
      'A-First',
      'X-B',
    ]);
  });
});
