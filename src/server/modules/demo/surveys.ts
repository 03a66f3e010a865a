import type { SurveyDefinitionInput } from '../../../core/survey-definition.ts';
import { BRAND_PROMISE_QUESTIONS } from '../../../core/templates.ts';
import { AUDIENCE_ROLES, TOUCH_POINT_ROWS } from './data.ts';

/**
 * HiTouch's two surveys, written to show what a respectful survey does: it asks what it does not
 * know (the role is filled in from the CRM when the contact is known), words a question for each
 * audience, asks buyers and executives about the brand promise, follows up on a low score, and
 * offers a "tell us more" section instead of making everyone answer it.
 */

const BUYERS = ['executive', 'purchasing_agent'];

export const RELATIONSHIP_SURVEY: SurveyDefinitionInput = {
  intro: '{{contact:first_name|Hello}}, once a year we ask our key clients how we are doing. It takes a minute; your answer goes to the people who can act on it.',
  thankYou: 'Your account team will read your answer, and you will hear from us if you asked us to act.',
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend HiTouch to a colleague or business partner?', required: true, touchPoints: ['relationship'] },
    { id: 'comment', type: 'text', text: 'What is the most important reason for your score?' },
    {
      id: 'fix_first',
      type: 'single',
      text: 'What should we fix first?',
      showIf: { ref: 'answer:nps', op: 'lte', value: 6 },
      options: TOUCH_POINT_ROWS.map((r) => ({ id: r.id, text: r.text })),
      allowOther: true,
      shuffle: true,
    },
    {
      id: 'role',
      type: 'single',
      text: 'Which best describes your role?',
      options: AUDIENCE_ROLES.map((r) => ({ id: r.role, text: r.label })),
      prefill: { from: 'contact', attribute: 'audience_role' },
    },
    { id: 'promise', type: 'rating', text: 'How well does HiTouch deliver what it promised you?', min: 1, max: 5, lowLabel: 'Poorly', highLabel: 'Fully', required: true },
    // The template's brand-promise questions, asked of buyers only.
    ...BRAND_PROMISE_QUESTIONS.map((q) => ({ ...q, audiences: BUYERS })),
    {
      id: 'touchpoints',
      type: 'matrix',
      text: 'How would you rate each part of working with us?',
      rows: TOUCH_POINT_ROWS.map((r) => ({ id: r.id, text: r.text, touchPoints: [r.touchPoint] })),
      scale: { min: 1, max: 5, lowLabel: 'Poor', highLabel: 'Excellent' },
      shuffle: true,
    },
    { id: 'wish', type: 'text', text: 'What is one thing we could do that would make the biggest difference to you?' },
  ],
  pages: [
    { id: 'score', questions: ['nps', 'comment', 'fix_first'] },
    { id: 'relationship', title: 'Your relationship with HiTouch', questions: ['role', 'promise', 'brand_importance', 'promise_kept'] },
    { id: 'more', title: 'A little more, if you have time', questions: ['touchpoints', 'wish'], offer: { text: 'Two more questions about the parts of working with us. About a minute.', accept: 'Send these too', decline: 'No thanks, finish' } },
  ],
  endings: [
    { id: 'callback', text: 'Thank you for telling us. Your account manager will call you within two business days.', showIf: { ref: 'answer:nps', op: 'lte', value: 6 } },
  ],
  variants: {
    it: { 'q.promise.text': 'How well do our platform and API deliver what we promised your IT team?' },
    purchasing_agent: { 'q.promise.text': 'How well do our pricing and contract terms match what we promised?' },
    operations: { 'q.promise.text': 'How well does HiTouch deliver what it promised your day-to-day operations?' },
  },
  translations: {
    de: {
      intro: '{{contact:first_name|Guten Tag}}, einmal im Jahr fragen wir unsere wichtigsten Kunden, wie wir uns schlagen. Es dauert eine Minute.',
      thankYou: 'Ihr Account-Team liest Ihre Antwort.',
      'q.nps.text': 'Wie wahrscheinlich ist es, dass Sie HiTouch einem Kollegen oder Geschäftspartner empfehlen?',
      'q.comment.text': 'Was ist der wichtigste Grund für Ihre Bewertung?',
      'q.fix_first.text': 'Was sollten wir zuerst verbessern?',
      'q.role.text': 'Was beschreibt Ihre Rolle am besten?',
      'q.promise.text': 'Wie gut hält HiTouch, was es Ihnen versprochen hat?',
      'p.relationship.title': 'Ihre Beziehung zu HiTouch',
      'p.more.title': 'Etwas mehr, wenn Sie Zeit haben',
      'e.callback.text': 'Danke für Ihre Offenheit. Ihr Account Manager ruft Sie innerhalb von zwei Werktagen an.',
    },
  },
  theme: { color: '#0f5e5a' },
};

export const SERVICE_SURVEY: SurveyDefinitionInput = {
  intro: 'You recently contacted HiTouch service. Three quick questions about how it went.',
  thankYou: 'Your answer goes straight to the service team.',
  questions: [
    { id: 'nps', type: 'nps', text: 'Based on your recent service request, how likely are you to recommend HiTouch?', required: true, touchPoints: ['service-call'] },
    { id: 'effort', type: 'ces', text: 'HiTouch made it easy to handle my request.', touchPoints: ['service-call'] },
    { id: 'satisfaction', type: 'csat', text: 'How satisfied are you with how your request was handled?', touchPoints: ['service-call'] },
    { id: 'comment', type: 'text', text: 'What could we have done better?' },
    { id: 'ticket', type: 'hidden', text: 'The service ticket the invitation was sent for' },
  ],
};

/** A further transactional survey, shaped as the service survey, listening at another touch point. */
export function transactionalSurvey(touchPoint: { key: string; name: string }): SurveyDefinitionInput {
  const about = touchPoint.name.toLowerCase();
  return {
    intro: `You recently dealt with HiTouch (${about}). Two quick questions about how it went.`,
    thankYou: 'Your answer goes straight to the team responsible.',
    questions: [
      { id: 'nps', type: 'nps', text: `Based on your recent experience (${about}), how likely are you to recommend HiTouch?`, required: true, touchPoints: [touchPoint.key] },
      { id: 'effort', type: 'ces', text: 'HiTouch made it easy to get this done.', touchPoints: [touchPoint.key] },
      { id: 'comment', type: 'text', text: 'What could we have done better?' },
      { id: 'ticket', type: 'hidden', text: 'The reference the invitation was sent for' },
    ],
  };
}
