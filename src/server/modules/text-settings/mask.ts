import { maskPii as maskPiiCore } from '../../../core/text/pii.ts';

/** The one place the server masks PII (core/text/pii.ts: emails, IBANs, card and phone numbers). */
export function maskPii(text: string): string {
  return maskPiiCore(text).text;
}
