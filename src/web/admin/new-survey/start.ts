/** What a new survey starts from: the starter questions, a template, or an imported file. */
import type { SurveyFile } from '../../../contract/survey-file.ts';
import type { SurveyTemplate } from '../../../core/templates.ts';

export type Start = { from: 'blank' } | { from: 'template'; template: SurveyTemplate } | { from: 'import'; file: SurveyFile; name: string };
