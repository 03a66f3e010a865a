import { describe, expect, it } from 'vitest';
import { decodeEntities } from './entities.ts';

describe('decodeEntities', () => {
  it('decodes numeric and named references and maps offsets back to the input', () => {
    const input = 'It&#39;s &quot;fine&quot; &amp; cheap &#x1F600; ok';
    const d = decodeEntities(input);
    expect(d.text).toBe('It\'s "fine" & cheap 😀 ok');
    // "fine" in the decoded text starts after `It's "`; in the input after `It&#39;s &quot;`
    const at = d.text.indexOf('fine');
    expect(input.slice(d.toInput(at), d.toInput(at + 4))).toBe('fine');
    expect(d.toInput(d.text.length)).toBe(input.length);
    expect(input.slice(d.toInput(d.text.indexOf('ok')))).toBe('ok');
  });

  it('decodes twice-encoded references', () => {
    const input = 'i&amp;#39;d say so';
    const d = decodeEntities(input);
    expect(d.text).toBe("i'd say so");
    expect(input.slice(d.toInput(d.text.indexOf('say')), d.toInput(d.text.length))).toBe('say so');
  });

  it('leaves unknown references and plain text alone', () => {
    expect(decodeEntities('R&D &bogus; 5 & 6').text).toBe('R&D &bogus; 5 & 6');
    expect(decodeEntities('plain').toInput(3)).toBe(3);
  });
});
