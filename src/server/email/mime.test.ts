import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { buildMime } from './mime.ts';

const base = { from: 'Corridor <no-reply@corridor.test>', to: 'ana@example.test', subject: 'Your review', headers: {}, messageId: '<m1@corridor.test>', date: new Date('2026-12-01T10:00:00Z') };

describe('MIME with inline images', () => {
  it('keeps a message without images a plain multipart/alternative', async () => {
    const raw = buildMime({ ...base, html: '<p>Hi</p>', text: 'Hi' }).toString('utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(raw).not.toContain('multipart/related');
  });

  it('wraps the alternative and the images in multipart/related, each image named by its Content-ID', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 300 }, (_, i) => i % 256)]);
    const raw = buildMime({
      ...base,
      html: '<p>Trend</p><img src="cid:trend@corridor" alt="NPS trend">',
      text: 'Trend',
      images: [{ cid: 'trend@corridor', contentType: 'image/png', filename: 'trend.png', content: png }],
    });
    const source = raw.toString('utf8');
    expect(source).toMatch(/^Content-Type: multipart\/related; type="multipart\/alternative"; boundary="/m);
    for (const line of source.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
    const m = await simpleParser(raw, { skipImageLinks: true });
    expect(m.text?.trim()).toBe('Trend');
    expect(m.html).toContain('src="cid:trend@corridor"');
    expect(m.attachments).toHaveLength(1);
    const [img] = m.attachments;
    expect(img?.contentType).toBe('image/png');
    expect(img?.cid).toBe('trend@corridor');
    expect(img?.contentDisposition).toBe('inline');
    expect(img?.content.equals(png)).toBe(true);
  });

  it('keeps a hostile Content-ID or file name from breaking out of its header', () => {
    const raw = buildMime({ ...base, html: '', text: '', images: [{ cid: 'x>\r\nBcc: eve@evil.test', contentType: 'image/png', filename: 'a"\r\nb.png', content: Buffer.from('x') }] }).toString('utf8');
    expect(raw).not.toMatch(/^Bcc:/m);
    expect(raw).toContain('Content-ID: <xBcceve@evil.test>');
  });
});
