import { SurveyDefinitionSchema, type SurveyDefinition, type SurveyDefinitionInput } from './survey-definition.ts';

/**
 * Starting points for a new survey: short, proven question sets for the common programmes. Each is
 * pure data; `templateDefinition` fills in the company's name and returns a parsed definition.
 * Wording follows the usual forms of each metric (NPS 0–10 "recommend", CSAT 1–5 "satisfied",
 * CES 1–7 "made it easy"), so results compare with published benchmarks.
 */

/** The survey kinds of the contract, repeated as a type because core imports nothing of the app. */
export type TemplateKind = 'relationship' | 'transactional' | 'pulse' | 'employee';

export interface SurveyTemplate {
  id: string;
  name: string;
  /** One sentence for the picker: what it is for and when it goes out. */
  description: string;
  kind: TemplateKind;
  /** A title to start from. */
  title: string;
  /** The definition, with `{company}` where the company's name goes. */
  definition: SurveyDefinitionInput;
}

/**
 * The two questions that test a B2B brand's promise against the experience: how much the promise
 * weighed in buying, and whether the experience keeps it.
 */
export const BRAND_PROMISE_QUESTIONS: readonly SurveyDefinitionInput['questions'][number][] = [
  {
    id: 'brand_importance',
    type: 'rating',
    text: 'How important to your purchasing decision was our brand and the service promise it seemed to make?',
    min: 1,
    max: 5,
    lowLabel: 'Not important',
    highLabel: 'Decisive',
  },
  {
    id: 'promise_kept',
    type: 'single',
    text: 'Do you believe we deliver the experience promised by our marketing and sales force?',
    options: [
      { id: 'yes', text: 'Yes' },
      { id: 'partly', text: 'Partly' },
      { id: 'no', text: 'No' },
    ],
    touchPoints: ['marketing', 'sales'],
  },
];

const NPS_RELATIONSHIP: SurveyTemplate = {
  id: 'nps-relationship',
  name: 'NPS relationship (B2B)',
  description: 'Once or twice a year per key account contact: loyalty, what drives it, and whether the brand keeps its promise.',
  kind: 'relationship',
  title: 'Relationship survey',
  definition: {
    intro: 'Five short questions about working with {company}: about a minute of your time.',
    questions: [
      {
        id: 'nps',
        type: 'nps',
        text: 'How likely are you to recommend {company} to a colleague or business partner?',
        required: true,
        touchPoints: ['relationship'],
      },
      { id: 'reason', type: 'text', text: 'What is the main reason for your score?' },
      {
        id: 'aspects',
        type: 'matrix',
        text: 'How would you rate us on each of these?',
        rows: [
          { id: 'account_team', text: 'Your account team', touchPoints: ['account-management'] },
          { id: 'product', text: 'Quality of our products' },
          { id: 'service', text: 'Service and support', touchPoints: ['support'] },
          { id: 'value', text: 'Value for money', touchPoints: ['invoicing'] },
        ],
        scale: { min: 1, max: 5, lowLabel: 'Poor', highLabel: 'Excellent' },
      },
      ...BRAND_PROMISE_QUESTIONS,
    ],
  },
};

const CSAT_SERVICE: SurveyTemplate = {
  id: 'csat-service',
  name: 'Post-service CSAT',
  description: 'Right after a service call or ticket closes: was the customer satisfied, and was the issue solved?',
  kind: 'transactional',
  title: 'How did we do?',
  definition: {
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: 'How satisfied are you with the service you received today?',
        required: true,
        touchPoints: ['support'],
      },
      {
        id: 'resolved',
        type: 'single',
        text: 'Is your issue resolved?',
        options: [
          { id: 'yes', text: 'Yes' },
          { id: 'partly', text: 'Partly' },
          { id: 'no', text: 'No' },
        ],
      },
      { id: 'better', type: 'text', text: 'What could we have done better?' },
      { id: 'ticket', type: 'hidden', text: 'The ticket or case number, from the link' },
    ],
  },
};

const CES_SERVICE: SurveyTemplate = {
  id: 'ces',
  name: 'Customer effort (CES)',
  description: 'After a customer handled something with you (a claim, a change, a question): how easy was it?',
  kind: 'transactional',
  title: 'How easy was it?',
  definition: {
    questions: [
      {
        id: 'ces',
        type: 'ces',
        text: '{company} made it easy for me to handle my issue.',
        required: true,
        touchPoints: ['support'],
      },
      {
        id: 'contacts',
        type: 'single',
        text: 'How many times did you contact us about this?',
        options: [
          { id: 'once', text: 'Once' },
          { id: 'twice', text: 'Twice' },
          { id: 'three_plus', text: 'Three times or more' },
        ],
      },
      { id: 'effort', type: 'text', text: 'What made it easy or hard?' },
    ],
  },
};

const ONBOARDING: SurveyTemplate = {
  id: 'onboarding',
  name: 'Onboarding',
  description: 'When a new customer has been set up: how the first weeks went, while they still remember them.',
  kind: 'transactional',
  title: 'Your first weeks with us',
  definition: {
    questions: [
      {
        id: 'csat',
        type: 'csat',
        text: 'How satisfied are you with getting started with {company}?',
        required: true,
        touchPoints: ['onboarding'],
      },
      {
        id: 'steps',
        type: 'matrix',
        text: 'How well did each step go?',
        rows: [
          { id: 'information', text: 'The information you got beforehand' },
          { id: 'setup', text: 'Speed of the set-up' },
          { id: 'help', text: 'Help from our team' },
        ],
        scale: { min: 1, max: 5, lowLabel: 'Poor', highLabel: 'Excellent' },
      },
      { id: 'improve', type: 'text', text: 'What one thing would have made getting started easier?' },
    ],
  },
};

const ENPS: SurveyTemplate = {
  id: 'enps',
  name: 'Employee eNPS',
  description: 'A quarterly pulse of your own people: would they recommend working here, and why.',
  kind: 'employee',
  title: 'Employee pulse',
  definition: {
    intro: 'Your answers are anonymous and reported only in groups of at least five.',
    questions: [
      {
        id: 'enps',
        type: 'nps',
        text: 'How likely are you to recommend {company} as a place to work?',
        required: true,
      },
      { id: 'reason', type: 'text', text: 'What is the main reason for your score?' },
      { id: 'one_thing', type: 'text', text: 'What one thing would make {company} a better place to work?' },
    ],
  },
};

/** Every template, in the order the picker shows them. */
export const SURVEY_TEMPLATES: readonly SurveyTemplate[] = [NPS_RELATIONSHIP, CSAT_SERVICE, CES_SERVICE, ONBOARDING, ENPS];

/** A template by its id, or undefined. */
export function findTemplate(id: string): SurveyTemplate | undefined {
  return SURVEY_TEMPLATES.find((t) => t.id === id);
}

function fill<T>(value: T, company: string): T {
  if (typeof value === 'string') return value.replaceAll('{company}', company) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => fill(v, company)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, company)])) as T;
  }
  return value;
}

/** The template's definition for a company, parsed (so every default is filled in). */
export function templateDefinition(template: SurveyTemplate, companyName: string): SurveyDefinition {
  return SurveyDefinitionSchema.parse(fill(template.definition, companyName));
}
