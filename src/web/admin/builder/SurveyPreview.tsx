import { useId } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Overview } from '../api.ts';
import { overviewQuery } from '../queries.ts';
import type { Draft } from './model.ts';
import { PreviewField } from './preview/PreviewField.tsx';

export type PreviewDevice = 'phone' | 'desktop';

/**
 * What respondents see, close to the public page (same structure and look as respond/view.ts), at a
 * phone's width or a desktop's. The controls can be tried out; nothing is sent.
 */
export function SurveyPreview({ draft, device }: { draft: Draft; device: PreviewDevice }) {
  const uid = useId().replace(/:/g, '');
  const { definition } = draft;
  // The brand above the card, if the overview (which knows the company) is already loaded.
  const company = useQueryClient().getQueryData<Overview>(overviewQuery.queryKey)?.companyName;
  return (
    <div className={`preview-frame preview-${device}`} data-testid="survey-preview" data-device={device}>
      <div className={`rp rp-${device}`}>
        <div className="rp-main">
          {company && <div className="brand">{company}</div>}
          <div className="card">
            <div className="rp-title">{draft.title.trim() || 'Untitled survey'}</div>
            {definition.intro.trim() && <p className="intro">{definition.intro}</p>}
            {definition.questions.map((q, i) => (
              <PreviewField key={`${i}-${q.id}`} q={q} uid={uid} n={i + 1} />
            ))}
            <div className="rp-button" aria-hidden="true">
              Send
            </div>
          </div>
          <p className="foot">Your answers are stored securely. Powered by Corridor.</p>
          <div className="rp-thanks">
            After sending: <strong>{definition.thankYou.trim() || 'Thank you!'}</strong>
          </div>
        </div>
      </div>
    </div>
  );
}
