import { describe, expect, it } from 'vitest';
import { maskPii, passesIbanCheck, passesLuhn } from './pii.ts';

describe('maskPii', () => {
  it('masks emails', () => {
    expect(maskPii('Write to jane.doe+cx@example.co.uk or ops@corridor.io.')).toEqual({ text: 'Write to [email] or [email].', counts: { email: 2, phone: 0, card: 0, iban: 0 } });
  });

  it('masks international and national phone numbers', () => {
    const r = maskPii('Call +49 30 1234567, (030) 123 4567, 0171-2345678 or 555-123-4567 or +1 (415) 555-0100.');
    expect(r.text).toBe('Call [phone], [phone], [phone] or [phone] or [phone].');
    expect(r.counts.phone).toBe(5);
  });

  it('leaves dates, amounts, order numbers and short numbers alone', () => {
    const text = 'Order #1234567 of 2026-03-01 (01.03.2026), invoice 2026-0012345, ticket 4455667, 12.500.000 EUR, 12345678 points, room 12 34.';
    expect(maskPii(text)).toEqual({ text, counts: { email: 0, phone: 0, card: 0, iban: 0 } });
  });

  it('masks card numbers that pass the Luhn check only', () => {
    expect(maskPii('Card 4111 1111 1111 1111 and 5500-0000-0000-0004.').text).toBe('Card [card] and [card].');
    expect(maskPii('Card 4111 1111 1111 1112.').counts.card).toBe(0);
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });

  it('masks IBANs that pass the mod-97 check', () => {
    const r = maskPii('Pay to DE89 3704 0044 0532 0130 00 or GB82WEST12345698765432, not DE89 3704 0044 0532 0130 01.');
    expect(r.counts.iban).toBe(2);
    expect(r.text.startsWith('Pay to [iban] or [iban], not DE89')).toBe(true);
    expect(passesIbanCheck('GB82WEST12345698765432')).toBe(true);
  });

  it('leaves text without PII unchanged', () => {
    expect(maskPii('Great service, thanks!')).toEqual({ text: 'Great service, thanks!', counts: { email: 0, phone: 0, card: 0, iban: 0 } });
  });
});
