import { estimateBrevity, formatDuration } from '../../../core/brevity.ts';
import { SURVEY_TEMPLATES, templateDefinition, type SurveyTemplate } from '../../../core/templates.ts';
import { KIND_LABEL } from '../components/SurveyBadges.tsx';

/** The templates as a radio group of cards: name, what it is for, its kind, length and time. */
export function TemplatePicker({ value, onChange, companyName }: { value: SurveyTemplate | undefined; onChange: (t: SurveyTemplate) => void; companyName: string }) {
  return (
    <fieldset className="choice-cards" data-testid="templates">
      <legend className="sr-only">Template</legend>
      {SURVEY_TEMPLATES.map((t) => {
        const def = templateDefinition(t, companyName);
        const b = estimateBrevity(def);
        return (
          <label key={t.id} className="choice-card" data-testid={`template-${t.id}`}>
            <input type="radio" name="template" value={t.id} checked={value?.id === t.id} onChange={() => onChange(t)} />
            <span className="choice-card-body">
              <span className="choice-card-title">{t.name}</span>
              <span className="choice-card-text">{t.description}</span>
              <span className="choice-card-meta">
                {KIND_LABEL[t.kind]} · {b.questions} questions · about {formatDuration(b.seconds)}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
