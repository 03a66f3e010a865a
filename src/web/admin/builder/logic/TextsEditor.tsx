import { useState } from 'react';
import { LANGUAGE, languageOf, type SurveyDefinition } from '../../../../core/survey-definition.ts';
import { textEntries } from '../../../../core/texts.ts';
import { Button } from '../../../ui/Button.tsx';
import { PlusIcon } from '../../../ui/icons.tsx';

type Mode = 'translations' | 'variants';

/**
 * Languages and audience wording, side by side: every text of the survey in its default language
 * next to its translation (or an audience's own wording), missing translations flagged and counted.
 */
export function TextsEditor({ def, set, readOnly, mode }: { def: SurveyDefinition; set: (d: SurveyDefinition) => void; readOnly: boolean; mode: Mode }) {
  const sets = (mode === 'translations' ? def.translations : def.variants) ?? {};
  const names = Object.keys(sets);
  const [current, setCurrent] = useState<string>(names[0] ?? '');
  const [adding, setAdding] = useState('');
  const selected = names.includes(current) ? current : (names[0] ?? '');
  const entries = textEntries(def);
  const texts = sets[selected] ?? {};
  const missing = entries.filter(([path]) => !texts[path]?.trim()).length;
  const noun = mode === 'translations' ? 'language' : 'audience';
  const valid = mode === 'translations' ? LANGUAGE.test(adding) && adding !== languageOf(def) : /^[a-z][a-z0-9_]{0,59}$/.test(adding);

  function write(next: Record<string, Record<string, string>>) {
    const copy = { ...def };
    if (Object.keys(next).length === 0) delete copy[mode];
    else copy[mode] = next;
    set(copy);
  }
  function setText(path: string, text: string) {
    const own = { ...texts };
    if (text === '') delete own[path];
    else own[path] = text;
    write({ ...sets, [selected]: own });
  }

  return (
    <div className="stack" data-testid={`texts-${mode}`}>
      <div className="row texts-head">
        {names.length > 0 && (
          <>
            <label className="small" htmlFor={`texts-${mode}-pick`}>
              {mode === 'translations' ? 'Language' : 'Audience'}
            </label>
            <select id={`texts-${mode}-pick`} className="select texts-pick" value={selected} onChange={(e) => setCurrent(e.target.value)} data-testid={`texts-${mode}-pick`}>
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
            <span className={missing > 0 ? 'badge texts-count-missing' : 'badge badge-success'} data-testid={`texts-${mode}-missing`}>
              {missing > 0 ? `${missing} of ${entries.length} missing` : 'complete'}
            </span>
          </>
        )}
        {!readOnly && (
          <span className="row texts-add">
            <label className="sr-only" htmlFor={`texts-${mode}-new`}>
              New {noun}
            </label>
            <input id={`texts-${mode}-new`} className="input" placeholder={mode === 'translations' ? 'e.g. de, fr-ca' : 'e.g. distributor'} value={adding} onChange={(e) => setAdding(e.target.value.toLowerCase().trim())} data-testid={`texts-${mode}-new`} />
            <Button
              size="sm"
              icon={<PlusIcon size={15} />}
              disabled={!valid || names.includes(adding)}
              onClick={() => {
                write({ ...sets, [adding]: {} });
                setCurrent(adding);
                setAdding('');
              }}
              data-testid={`texts-${mode}-add`}
            >
              Add {noun}
            </Button>
          </span>
        )}
      </div>
      {mode === 'variants' && <p className="small muted">An audience’s wording replaces the common text for contacts of that role; leave a text empty to keep the common one.</p>}
      {selected && (
        <>
          <table className="texts-table">
            <thead>
              <tr>
                <th scope="col">Text</th>
                <th scope="col">{mode === 'translations' ? `Default (${languageOf(def)})` : 'Common wording'}</th>
                <th scope="col">{selected}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map(([path, text]) => {
                const value = texts[path] ?? '';
                const absent = mode === 'translations' && !value.trim();
                return (
                  <tr key={path} className={absent ? 'texts-missing' : undefined} data-testid="texts-row" data-path={path}>
                    <td className="mono small">{path}</td>
                    <td className="texts-default">{text}</td>
                    <td>
                      <input className="input" aria-label={`${selected}: ${path}`} value={value} readOnly={readOnly} placeholder={absent ? 'Missing: the default text shows' : text} onChange={(e) => setText(path, e.target.value)} />
                      {absent && <span className="sr-only">missing</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {!readOnly && (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => {
                const { [selected]: _, ...rest } = sets;
                write(rest);
              }}
            >
              Remove {noun} “{selected}”
            </Button>
          )}
        </>
      )}
    </div>
  );
}
