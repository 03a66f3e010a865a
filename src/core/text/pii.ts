/**
 * PII masking for comments, notes and feedback items: emails, IBANs, card numbers and phone numbers are
 * replaced with [email], [iban], [card], [phone]. Rules (decision 0020):
 * - card: 13–19 digits, optionally grouped by single spaces or dashes, kept unless the Luhn check passes;
 * - IBAN: country letters, two check digits, 11–30 letters/digits (spaces allowed), mod-97 checked;
 * - phone: 7–15 digits written as a phone is: a leading + or 0 or (area code), or at least two groups
 *   of two or more digits (555-123-4567). Not masked: dates (2026-03-01, 01.03.2026), amounts grouped by
 *   thousands (12.500.000), a bare run of digits not starting with 0 or +, and numbers right after
 *   "#" or a reference word (order, invoice, ticket, case, ref, no., number, id, account) — those are
 *   references the reader needs, not a way to reach a person.
 */

export interface PiiCounts {
  email: number;
  phone: number;
  card: number;
  iban: number;
}

export interface MaskedText {
  text: string;
  counts: PiiCounts;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/gu;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/gu;
// Candidate phone: optional +, then digit groups joined by single separators (space, dot, dash, slash,
// parentheses). Checked in isPhone.
const PHONE = /(?<![\p{L}\p{N}#+])(?:\+|\(\d{1,5}\)\s?)?\d+(?:(?:[ .\-/]|\s?\(\d+\)\s?)\d+)*(?![\p{L}\p{N}])/gu;
const REFERENCE_BEFORE = /(?:#|\b(?:order|invoice|ticket|case|ref|reference|no|nr|number|id|account|po)\.?:?\s*(?:#|no\.?|number)?\s*)$/iu;

/** Luhn check of a digit string (ISO/IEC 7812). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** IBAN check (ISO 13616): move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function passesIbanCheck(iban: string): boolean {
  const s = iban.replace(/\s/gu, '').toUpperCase();
  if (s.length < 15 || s.length > 34) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const d of value) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

function isDate(s: string): boolean {
  return /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/u.test(s) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/u.test(s);
}

function isPhone(candidate: string, before: string): boolean {
  const digits = candidate.replace(/\D/gu, '');
  if (digits.length < 7 || digits.length > 15) return false;
  if (REFERENCE_BEFORE.test(before)) return false;
  if (isDate(candidate)) return false;
  const groups = candidate.split(/[^\d]+/u).filter(Boolean);
  if (candidate.startsWith('+')) return digits.length >= 8;
  if (candidate.startsWith('(') || candidate.startsWith('0')) return true;
  if (groups.length < 2) return false;
  // 12.500.000 or 1,250,000: thousands, not a phone.
  if (/^\d{1,3}(?:[.,]\d{3})+$/u.test(candidate)) return false;
  return groups.every((g) => g.length >= 2);
}

/** Replaces emails, IBANs, card numbers and phone numbers with placeholders and counts them. */
export function maskPii(text: string): MaskedText {
  const counts: PiiCounts = { email: 0, phone: 0, card: 0, iban: 0 };
  let out = text.replace(EMAIL, () => {
    counts.email++;
    return '[email]';
  });
  out = out.replace(IBAN, (m) => {
    if (!passesIbanCheck(m)) return m;
    counts.iban++;
    return '[iban]';
  });
  out = out.replace(CARD, (m) => {
    const digits = m.replace(/\D/gu, '');
    if (digits.length < 13 || digits.length > 19 || !passesLuhn(digits)) return m;
    counts.card++;
    return '[card]';
  });
  out = out.replace(PHONE, (m: string, offset: number, whole: string) => {
    if (!isPhone(m, whole.slice(Math.max(0, offset - 24), offset))) return m;
    counts.phone++;
    return '[phone]';
  });
  return { text: out, counts };
}
