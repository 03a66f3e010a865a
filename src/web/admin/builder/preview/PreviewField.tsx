import { Fragment, type ReactNode } from 'react';
import { NOT_APPLICABLE, offersNotApplicable, scaleOf } from '../../../../core/answer-keys.ts';
import { OTHER, type Question, type Scale } from '../../../../core/survey-definition.ts';

/**
 * One question as the respondent page renders it (server/modules/respond/fields.ts): the same
 * elements and class names under `.rp`, so the preview looks like the real page. The controls work,
 * so the scales and choices can be tried; nothing is sent.
 */

interface Ctx {
  /** A prefix that keeps ids and names unique on the admin page. */
  uid: string;
  n: number;
}

function Text({ q, n }: { q: Question; n: number }) {
  return (
    <>
      {q.text.trim() || <span className="rp-empty">(question {n} has no text yet)</span>}
      {q.required && (
        <span className="req" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </>
  );
}

const Help = ({ q }: { q: Question }) => (q.help?.trim() ? <p className="help">{q.help}</p> : null);

function Group({ q, n, children, className }: { q: Question; n: number; children: ReactNode; className?: string }) {
  return (
    <fieldset className={className}>
      <legend>
        <Text q={q} n={n} />
      </legend>
      <Help q={q} />
      {children}
    </fieldset>
  );
}

/** The label of the "not applicable" choice, or null when the question offers none. */
function naLabel(q: Question): string | null {
  return offersNotApplicable(q) ? (q.notApplicableLabel ?? 'Not applicable') : null;
}

function ScaleRadios({ base, name, scale, na = null }: { base: string; name: string; scale: Scale; na?: string | null }) {
  const points = Array.from({ length: Math.max(0, scale.max - scale.min + 1) }, (_, i) => scale.min + i);
  return (
    <>
      <div className="scale">
        {points.map((i) => (
          <Fragment key={i}>
            <input type="radio" id={`${base}-${i}`} name={name} value={i} />
            <label htmlFor={`${base}-${i}`}>{i}</label>
          </Fragment>
        ))}
      </div>
      {(scale.lowLabel || scale.highLabel) && (
        <div className="ends" aria-hidden="true">
          <span>
            {scale.min} · {scale.lowLabel}
          </span>
          <span>
            {scale.max} · {scale.highLabel}
          </span>
        </div>
      )}
      {na !== null && (
        <div className="scale scale-na">
          <input type="radio" id={`${base}-na`} name={name} value={NOT_APPLICABLE} />
          <label htmlFor={`${base}-na`}>{na}</label>
        </div>
      )}
    </>
  );
}

function Part({ base, name, legend, scale, na = null }: { base: string; name: string; legend: string; scale: Scale; na?: string | null }) {
  return (
    <fieldset className="part">
      <legend>{legend.trim() || '…'}</legend>
      <ScaleRadios base={base} name={name} scale={scale} na={na} />
    </fieldset>
  );
}

function OtherText({ base, name }: { base: string; name: string }) {
  return (
    <>
      <label className="sub" htmlFor={`${base}-other-text`}>
        If other, please say what
      </label>
      <input type="text" id={`${base}-other-text`} name={name} maxLength={500} />
    </>
  );
}

function Single({ q, n, base, control }: { q: Question; n: number; base: string; control: ReactNode }) {
  return (
    <div className="q">
      <label className="qt" htmlFor={base}>
        <Text q={q} n={n} />
      </label>
      <Help q={q} />
      {control}
    </div>
  );
}

function choiceHint(min: number | undefined, max: number | undefined): string | undefined {
  if (min === undefined && max === undefined) return undefined;
  if (min !== undefined && max !== undefined) return min === max ? `Choose ${min}` : `Choose ${min} to ${max}`;
  return min !== undefined ? `Choose at least ${min}` : `Choose up to ${String(max)}`;
}

export function PreviewField({ q, uid, n }: { q: Question } & Ctx) {
  const base = `${uid}-${q.id}-${n}`;
  // Names are answer keys, so the preview can evaluate the survey's logic over what is entered.
  const key = (part?: string) => `${uid}|${part === undefined ? q.id : `${q.id}.${part}`}`;
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'rating':
      return (
        <Group q={q} n={n}>
          <ScaleRadios base={base} name={key()} scale={scaleOf(q)} na={naLabel(q)} />
        </Group>
      );
    case 'matrix':
      return (
        <Group q={q} n={n} className="matrix">
          {q.rows.map((r, i) => (
            <Part key={i} base={`${base}-r${i}`} name={key(r.id)} legend={r.text} scale={q.scale} na={naLabel(q)} />
          ))}
        </Group>
      );
    case 'gap':
      return (
        <Group q={q} n={n} className="matrix">
          <Part base={`${base}-expectation`} name={key('expectation')} legend={q.expectationText} scale={q.scale} />
          <Part base={`${base}-experience`} name={key('experience')} legend={q.experienceText} scale={q.scale} />
        </Group>
      );
    case 'single':
    case 'multi': {
      const opts = [...q.options, ...(q.allowOther ? [{ id: OTHER, text: 'Other' }] : [])];
      const hint = q.type === 'multi' ? choiceHint(q.minSelected, q.maxSelected) : undefined;
      return (
        <Group q={q} n={n}>
          {hint && <p className="help">{hint}</p>}
          <div className="opts">
            {opts.map((o, i) => (
              <div className="opt" key={i}>
                <input type={q.type === 'single' ? 'radio' : 'checkbox'} id={`${base}-o${i}`} name={key()} value={o.id} />
                <label htmlFor={`${base}-o${i}`}>{o.text.trim() || '…'}</label>
              </div>
            ))}
          </div>
          {q.allowOther && <OtherText base={base} name={key(OTHER)} />}
        </Group>
      );
    }
    case 'dropdown':
      return (
        <Single
          q={q}
          n={n}
          base={base}
          control={
            <>
              <select id={base} name={key()} defaultValue="">
                <option value="">Choose…</option>
                {[...q.options, ...(q.allowOther ? [{ id: OTHER, text: 'Other' }] : [])].map((o, i) => (
                  <option key={i} value={o.id}>
                    {o.text}
                  </option>
                ))}
              </select>
              {q.allowOther && <OtherText base={base} name={key(OTHER)} />}
            </>
          }
        />
      );
    case 'ranking':
      return (
        <Group q={q} n={n}>
          <p className="help">
            Give each option a different rank: 1 first, {q.options.length} last.
          </p>
          {q.options.map((o, i) => (
            <div className="rank" key={i}>
              <select id={`${base}-r${i}`} defaultValue="">
                <option value="">–</option>
                {q.options.map((_, r) => (
                  <option key={r} value={r + 1}>
                    {r + 1}
                  </option>
                ))}
              </select>
              <label htmlFor={`${base}-r${i}`}>{o.text.trim() || '…'}</label>
            </div>
          ))}
        </Group>
      );
    case 'text':
      return <Single q={q} n={n} base={base} control={q.multiline ? <textarea id={base} name={key()} maxLength={q.maxLength} /> : <input type="text" id={base} name={key()} maxLength={q.maxLength} />} />;
    case 'number':
      return <Single q={q} n={n} base={base} control={<input type="number" id={base} name={key()} inputMode="decimal" step={q.integer ? 1 : 'any'} min={q.min} max={q.max} />} />;
    case 'date':
      return <Single q={q} n={n} base={base} control={<input type="date" id={base} name={key()} min={q.min} max={q.max} />} />;
    case 'email':
      return <Single q={q} n={n} base={base} control={<input type="email" id={base} name={key()} autoComplete="off" maxLength={254} />} />;
    case 'consent':
      return (
        <div className="q">
          <Help q={q} />
          <div className="opt">
            <input type="checkbox" id={base} name={key()} value="true" />
            <label htmlFor={base}>
              <Text q={q} n={n} />
            </label>
          </div>
        </div>
      );
    case 'hidden':
      return (
        <p className="rp-hidden" data-testid="preview-hidden">
          <label htmlFor={base}>
            Hidden field <code>{q.id}</code>, not shown: taken from the link (<code>?{q.id}=…</code>). Value for this preview:
          </label>
          <input type="text" id={base} name={key()} />
        </p>
      );
  }
}
