/**
 * The one place the server masks PII. Interim masker until core/text/pii.ts (maskPii) is merged:
 * then this file re-points to it and nothing else changes.
 */

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// 13–19 digits in groups separated by spaces or dashes; kept only when the Luhn check passes.
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;
// International (+, 8+ digits) or national (9+ digits, so a date is not one) numbers with the usual separators.
const PHONE = /(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,4}(?:[ .-]?\d{2,4}){2,4}/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Replaces emails, card numbers and phone numbers with placeholders. */
export function maskPii(text: string): string {
  return text
    .replace(EMAIL, '[email]')
    .replace(CARD, (m) => (luhn(m.replace(/\D/g, '')) ? '[card]' : m))
    .replace(PHONE, (m) => (m.replace(/\D/g, '').length >= (m.startsWith('+') ? 8 : 9) ? '[phone]' : m));
}
