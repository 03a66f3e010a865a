import type { SurveyDefinitionInput } from '../../src/core/survey-definition.ts';

/** A definition with one question of every type, shared by the tests of core, the API and the browser. */
export const EVERY_TYPE: SurveyDefinitionInput = {
  intro: 'One question of every kind.',
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true, touchPoints: ['relationship'] },
    { id: 'csat', type: 'csat', text: 'How satisfied are you with support?', required: true },
    { id: 'ces', type: 'ces', text: 'The company made it easy to handle my issue.' },
    { id: 'stars', type: 'rating', text: 'Rate the onboarding', min: 1, max: 10, lowLabel: 'Poor', highLabel: 'Great' },
    {
      id: 'service',
      type: 'matrix',
      text: 'Rate our service',
      required: true,
      rows: [
        { id: 'speed', text: 'Speed', touchPoints: ['support-call'] },
        { id: 'care', text: 'Care' },
      ],
      scale: { min: 1, max: 5, lowLabel: 'Poor', highLabel: 'Excellent' },
    },
    {
      id: 'channel',
      type: 'single',
      text: 'How did you reach us?',
      options: [
        { id: 'phone', text: 'Phone' },
        { id: 'mail', text: 'E-mail' },
      ],
      allowOther: true,
    },
    {
      id: 'products',
      type: 'multi',
      text: 'Which products do you use?',
      options: [
        { id: 'cards', text: 'Cards' },
        { id: 'loans', text: 'Loans' },
        { id: 'savings', text: 'Savings' },
      ],
      allowOther: true,
      maxSelected: 3,
    },
    {
      id: 'country',
      type: 'dropdown',
      text: 'Where are you based?',
      options: [
        { id: 'pt', text: 'Portugal' },
        { id: 'de', text: 'Germany' },
        { id: 'fr', text: 'France' },
      ],
    },
    {
      id: 'priorities',
      type: 'ranking',
      text: 'Rank what matters most',
      options: [
        { id: 'price', text: 'Price' },
        { id: 'quality', text: 'Quality' },
        { id: 'speed', text: 'Speed' },
      ],
    },
    { id: 'comment', type: 'text', text: 'Anything else?' },
    { id: 'staff', type: 'number', text: 'How many people work at your company?', min: 1, max: 100000, integer: true },
    { id: 'visit', type: 'date', text: 'When did you visit?', min: '2020-01-01', max: '2030-12-31' },
    { id: 'email', type: 'email', text: 'Your e-mail, if we may reply' },
    { id: 'contact_ok', type: 'consent', text: 'I agree to be contacted about my answers.', required: true },
    { id: 'resolution', type: 'gap', text: 'Resolving issues on first contact', scale: { min: 1, max: 7, lowLabel: 'Not at all', highLabel: 'Extremely' } },
    { id: 'source', type: 'hidden', text: 'Where the link was sent' },
  ],
};

/** Valid answers to EVERY_TYPE in their stored shape. */
export const EVERY_TYPE_ANSWERS = {
  nps: 9,
  csat: 4,
  ces: 6,
  stars: 10,
  'service.speed': 5,
  'service.care': 3,
  channel: 'other',
  'channel.other': 'A letter',
  products: ['cards', 'savings', 'other'],
  'products.other': 'Insurance',
  country: 'de',
  priorities: ['quality', 'price', 'speed'],
  comment: 'Kind people',
  staff: 250,
  visit: '2026-03-31',
  email: 'ana@example.com',
  contact_ok: true,
  'resolution.expectation': 7,
  'resolution.experience': 4,
  source: 'email',
};

/** The same answers as a respondent's form posts them (field names without the q_ prefix). */
export const EVERY_TYPE_FORM: Record<string, string | string[]> = {
  nps: '9',
  csat: '4',
  ces: '6',
  stars: '10',
  'service.speed': '5',
  'service.care': '3',
  channel: 'other',
  'channel.other': 'A letter',
  products: ['cards', 'savings', 'other'],
  'products.other': 'Insurance',
  country: 'de',
  'priorities.rank.price': '2',
  'priorities.rank.quality': '1',
  'priorities.rank.speed': '3',
  comment: 'Kind people',
  staff: '250',
  visit: '2026-03-31',
  email: 'ana@example.com',
  contact_ok: 'true',
  'resolution.expectation': '7',
  'resolution.experience': '4',
  source: 'email',
};
