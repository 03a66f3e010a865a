import type { MARKETS } from './data.ts';

/**
 * What HiTouch's customers say, market by market, so the verbatims tell a different story in each:
 * Banking praises its account managers and complains about the support desk and settlement; Insurance
 * about invoices, statements and credit notes, and slow onboarding; Asset Management about the
 * reporting portal and late data. Many comments are mixed ("the advisor was great but the invoice was
 * wrong again"), as real ones are. The lists follow DRIVER_WEIGHTS, which make the same touch points
 * move the scores in each market.
 */

type Market = (typeof MARKETS)[number]['name'];
type Bands = Record<'promoter' | 'passive' | 'detractor', readonly string[]>;

export const MARKET_COMMENTS: Record<Market, Bands> = {
  Banking: {
    promoter: [
      'Our account manager knows our business and always follows up.',
      'Our relationship manager flagged the rate change weeks before it hit. That is real partnership.',
      'The account team is outstanding: quick answers, honest advice and no upselling.',
      'Settlement runs like clockwork; we have not had a failed batch this year.',
      'The payments platform is rock solid and our account manager checks in every month.',
      'The API is well documented and our developers integrated it in two weeks.',
      'Every quarterly review with our account manager ends with clear actions, and they get done.',
    ],
    passive: [
      'The account manager is excellent, but support tickets still bounce between teams.',
      'Great relationship with our account manager; the service desk is much slower than it used to be.',
      'Solid payments platform. Support is friendly but slow.',
      'Good product; pricing is on the high side compared with alternatives.',
      'Settlement is reliable, though the cut-off times are not flexible enough for us.',
      'Our account manager is great but cannot fix the response times of support on her own.',
    ],
    detractor: [
      'Support response times have become unacceptable since the reorganisation.',
      'Settlement failures are not explained; we find out from our own clients.',
      'The account manager tries hard, but support took nine days to answer an urgent payment issue.',
      'The API changed without notice and broke our reconciliation jobs.',
      'Escalations go nowhere. I have raised the same support issue in three reviews.',
      'Two failed payment batches this quarter and nobody from support called us back.',
      'Too expensive for what we get; we are evaluating other providers.',
    ],
  },
  Insurance: {
    promoter: [
      'Our advisor sorted out last year’s billing mess and the invoices have been right ever since.',
      'Onboarding of the new claims module was smooth and on schedule.',
      'Invoices are finally clear and match the contract, which is rare in this industry.',
      'Support answers within the hour and actually fixes the problem.',
      'The regulatory reporting module got us through the audit without stress.',
      'Great people. The claims workflow saves our handlers hours every week.',
    ],
    passive: [
      'The advisor was great but the invoice was wrong again.',
      'Good claims software, but the monthly statement never matches our own figures.',
      'Invoices are correct but arrive late, which complicates our accruals.',
      'Reliable, but onboarding new entities takes too many forms.',
      'Happy with the product; the billing team takes weeks to answer a simple question about a credit note.',
      'The platform works well; onboarding our second subsidiary took twice as long as promised.',
    ],
    detractor: [
      'Invoicing errors three months in a row; every correction takes weeks.',
      'We were charged twice for the same licence and the credit note still has not arrived.',
      'The statement of account is wrong again. Our finance team has stopped trusting your invoices.',
      'We were not told about the fee increase until the invoice arrived.',
      'Onboarding took four months instead of six weeks, with no clear owner.',
      'Your advisor is helpful, but the billing errors keep coming back and nobody owns them.',
      'Claims take far too long to settle in the new module; our handlers are back on spreadsheets.',
    ],
  },
  'Asset Management': {
    promoter: [
      'The reporting portal saves my team hours every month-end.',
      'New fund launches were set up in days; the onboarding team knew exactly what they needed.',
      'Performance reports are accurate and on time, and our client service lead is superb.',
      'The custody service is dependable and the quarterly reviews are genuinely useful.',
      'Reliable platform, clear pricing, and people who pick up the phone.',
    ],
    passive: [
      'Solid service overall, but the reporting portal is slow at quarter-end.',
      'Good custody service; the portal exports still need manual clean-up.',
      'The data is right, but the reports arrive a day later than our board pack needs.',
      'Fine for our needs. Would like more flexible export formats.',
      'Documentation is good; the sandbox environment is often down.',
      'Our client service lead is excellent, but the portal times out with large portfolios.',
    ],
    detractor: [
      'The reporting portal was down during our month-end close. Twice.',
      'Holdings in the portal did not match the custody statement for a week, and nobody explained why.',
      'The portal is so slow at quarter-end that we rebuild the reports in Excel.',
      'Our account manager left and nobody has contacted us since.',
      'NAV data arrived late three times this quarter; our clients noticed before we did.',
      'Great people, terrible portal: the performance figures in our client reports were wrong.',
    ],
  },
};

/** What customers say after a service request, market by market. */
export const MARKET_SERVICE_COMMENTS: Record<Market, Bands> = {
  Banking: {
    promoter: ['Issue solved on the first call, thank you.', 'The specialist understood the payment problem immediately.', 'Quick and friendly, and they confirmed the fix by email.', 'Resolved faster than promised.'],
    passive: ['Solved, but it took two calls to get to the right person.', 'Fine, though I had to explain the problem again after the transfer.', 'The fix worked; the follow-up email never came.'],
    detractor: ['Waited three days for a reply to an urgent settlement issue.', 'The ticket was closed without asking whether the problem was fixed.', 'Nobody could tell me who owns the problem.', 'A failed payment batch and the desk only called back the next morning.'],
  },
  Insurance: {
    promoter: ['The billing specialist corrected the invoice while I was on the phone.', 'Resolved faster than promised.', 'Issue solved on the first call, thank you.', 'They explained the statement line by line. Very helpful.'],
    passive: ['The credit note was issued, but only after my second call.', 'The fix worked; the follow-up email never came.', 'Friendly, but the corrected invoice took another week.'],
    detractor: ['Third call about the same invoice error.', 'I was promised a corrected statement a month ago.', 'Nobody could tell me who owns the problem.', 'The claims module has been slow for weeks and the ticket is still open.'],
  },
  'Asset Management': {
    promoter: ['The specialist fixed our report template in one session.', 'Quick and friendly, and they confirmed the fix by email.', 'Issue solved on the first call, thank you.', 'They restored the missing NAV file within the hour.'],
    passive: ['The export is fixed, but it took a week.', 'Solved, but it took two calls to get to the right person.', 'The portal works again; nobody said what went wrong.'],
    detractor: ['The portal was still down after the ticket was closed.', 'Waited three days to hear why our holdings were missing.', 'The ticket was closed without asking whether the problem was fixed.', 'Quarter-end reports failed again and support had no workaround.'],
  },
};
