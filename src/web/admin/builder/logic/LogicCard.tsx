import { useState } from 'react';
import { languageOf, type SurveyDefinition } from '../../../../core/survey-definition.ts';
import { Card } from '../../../ui/Card.tsx';
import { TextField } from '../../../ui/Field.tsx';
import { Segmented } from '../../../ui/Segmented.tsx';
import type { FieldIssue } from '../../api.ts';
import { PagesEditor } from './PagesEditor.tsx';
import { TextsEditor } from './TextsEditor.tsx';

type Tab = 'pages' | 'languages' | 'audiences';

/** The survey's logic and words: pages, branches and endings; languages; audience wording. */
export function LogicCard({ def, set, readOnly, issues }: { def: SurveyDefinition; set: (d: SurveyDefinition) => void; readOnly: boolean; issues: readonly FieldIssue[] }) {
  const [tab, setTab] = useState<Tab>('pages');
  const issue = (path: string) => issues.find((i) => i.path === `definition.${path}`)?.message;
  const stray = issues.filter((i) => /^definition\.(translations|variants|language)/.test(i.path));
  return (
    <Card
      title="Pages, logic and languages"
      actions={
        <Segmented
          label="Logic and languages"
          value={tab}
          onChange={setTab}
          options={[
            { value: 'pages', label: 'Pages & endings' },
            { value: 'languages', label: 'Languages' },
            { value: 'audiences', label: 'Audience wording' },
          ]}
          testId="logic-tab"
        />
      }
    >
      {tab === 'pages' && <PagesEditor def={def} set={set} readOnly={readOnly} issue={issue} />}
      {tab === 'languages' && (
        <div className="stack">
          <TextField
            label="Language of the texts above"
            value={def.language ?? ''}
            placeholder="en"
            readOnly={readOnly}
            className="texts-lang"
            error={issue('language')}
            onChange={(e) => {
              const v = e.target.value.toLowerCase().trim();
              const copy = { ...def };
              if (v === '') delete copy.language;
              else copy.language = v;
              set(copy);
            }}
            hint={`Respondents get a translation when they ask for it (link ?lang=, invitation, browser); otherwise ${languageOf(def)}.`}
          />
          <TextsEditor def={def} set={set} readOnly={readOnly} mode="translations" />
        </div>
      )}
      {tab === 'audiences' && <TextsEditor def={def} set={set} readOnly={readOnly} mode="variants" />}
      {stray.length > 0 && (
        <ul className="field-error question-issues">
          {stray.map((i) => (
            <li key={i.path}>
              {i.path.replace(/^definition\./, '')}: {i.message}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
