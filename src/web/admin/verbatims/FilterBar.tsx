import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { VERBATIM_KINDS } from '../../../contract/verbatims.ts';
import { Button, buttonClass } from '../../ui/Button.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import type { Unit } from '../api.ts';
import { UnitOptions } from '../components/SettingsLayout.tsx';
import { KIND_LABEL } from './VerbatimItem.tsx';
import { LIST_KEYS, listOf, ONE_KEYS, toggleIn, type FilterKey, type ListKey, type VerbatimsSearch } from './verbatims-search.ts';

export interface Option {
  value: string;
  label: string;
  count?: number | undefined;
}

export interface FilterOptions {
  themes: Option[];
  topics: Option[];
  touchPoints: Option[];
  accounts: Option[];
  units: readonly Unit[];
}

const SENTIMENTS: Option[] = [
  { value: 'negative', label: 'Negative' },
  { value: 'neutral', label: 'Neutral' },
  { value: 'positive', label: 'Positive' },
];
const BANDS: Option[] = [
  { value: 'detractor', label: 'Detractors (0–6)' },
  { value: 'passive', label: 'Passives (7–8)' },
  { value: 'promoter', label: 'Promoters (9–10)' },
];
const KINDS: Option[] = VERBATIM_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] ?? k }));

const KEY_LABEL: Record<FilterKey, string> = {
  q: 'Words',
  theme: 'Theme',
  topic: 'Topic',
  sentiment: 'Sentiment',
  band: 'Score band',
  touchPointId: 'Touch point',
  kind: 'Kind',
  segment: 'Segment',
  accountId: 'Account',
  unitId: 'Unit',
  surveyId: 'Survey',
  from: 'From',
  to: 'To',
};

/** A select that adds one value to a list filter and then resets, so more can be added. */
function AddSelect({ label, options, chosen, onAdd, testId }: { label: string; options: Option[]; chosen: string[]; onAdd: (v: string) => void; testId: string }) {
  return (
    <SelectField label={label} value="" onChange={(e) => e.target.value && onAdd(e.target.value)} data-testid={testId}>
      <option value="">Any</option>
      {options.map((o) => (
        <option key={o.value} value={o.value} disabled={chosen.includes(o.value)}>
          {o.label}
          {o.count !== undefined ? ` (${o.count})` : ''}
        </option>
      ))}
    </SelectField>
  );
}

/** The explorer's search box, its filters, and the active ones as chips that remove themselves. */
export function FilterBar({ search, options, set, labelOf }: {
  search: VerbatimsSearch;
  options: FilterOptions;
  set: (patch: VerbatimsSearch) => void;
  labelOf: (key: FilterKey, value: string) => string;
}) {
  const [q, setQ] = useState(search.q ?? '');
  const [segment, setSegment] = useState(search.segment ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  useEffect(() => setSegment(search.segment ?? ''), [search.segment]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set({ q: q.trim() || undefined });
  };
  const add = (key: ListKey) => (value: string) => set({ [key]: toggleIn(search, key, value) });
  const chips: ReactNode[] = [];
  for (const key of LIST_KEYS) {
    for (const value of listOf(search, key)) {
      chips.push(
        <span key={`${key}:${value}`} className="vx-chip" data-testid="filter-chip">
          <span>
            <span className="muted">{KEY_LABEL[key]}:</span> {labelOf(key, value)}
          </span>
          <button type="button" aria-label={`Remove the ${KEY_LABEL[key].toLowerCase()} filter ${labelOf(key, value)}`} onClick={() => set({ [key]: toggleIn(search, key, value) })}>
            ×
          </button>
        </span>,
      );
    }
  }
  for (const key of ONE_KEYS) {
    const value = search[key];
    if (!value) continue;
    chips.push(
      <span key={key} className="vx-chip" data-testid="filter-chip">
        <span>
          <span className="muted">{KEY_LABEL[key]}:</span> {key === 'q' ? `“${value}”` : labelOf(key, value)}
        </span>
        <button type="button" aria-label={`Remove the ${KEY_LABEL[key].toLowerCase()} filter`} onClick={() => set({ [key]: undefined })}>
          ×
        </button>
      </span>,
    );
  }

  return (
    <div className="stack" style={{ gap: 14 }}>
      <form className="vx-search" onSubmit={submit} role="search">
        <TextField label="Search the customers’ words" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="invoice late, “credit note”, deliver*" data-testid="verbatim-search" />
        <Button type="submit" variant="primary" data-testid="verbatim-search-submit">
          Search
        </Button>
      </form>
      <div className="vx-filters">
        <AddSelect label="Theme" options={options.themes} chosen={listOf(search, 'theme')} onAdd={add('theme')} testId="filter-theme" />
        <AddSelect label="Topic" options={options.topics} chosen={listOf(search, 'topic')} onAdd={add('topic')} testId="filter-topic" />
        <AddSelect label="Sentiment" options={SENTIMENTS} chosen={listOf(search, 'sentiment')} onAdd={add('sentiment')} testId="filter-sentiment" />
        <AddSelect label="Score band" options={BANDS} chosen={listOf(search, 'band')} onAdd={add('band')} testId="filter-band" />
        <AddSelect label="Touch point" options={options.touchPoints} chosen={listOf(search, 'touchPointId')} onAdd={add('touchPointId')} testId="filter-touch-point" />
        <AddSelect label="Kind" options={KINDS} chosen={listOf(search, 'kind')} onAdd={add('kind')} testId="filter-kind" />
        <SelectField label="Unit" value={search.unitId ?? ''} onChange={(e) => set({ unitId: e.target.value || undefined })} data-testid="filter-unit">
          <option value="">All my units</option>
          <UnitOptions units={options.units} />
        </SelectField>
        {options.accounts.length > 0 && (
          <SelectField label="Account" value={search.accountId ?? ''} onChange={(e) => set({ accountId: e.target.value || undefined })} data-testid="filter-account">
            <option value="">Any account</option>
            {options.accounts.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </SelectField>
        )}
        <TextField
          label="Segment"
          value={segment}
          placeholder="market:DE"
          onChange={(e) => setSegment(e.target.value)}
          onBlur={() => set({ segment: segment.trim() || undefined })}
          onKeyDown={(e) => {
            if (e.key === 'Enter') set({ segment: segment.trim() || undefined });
          }}
          hint="An answer attribute, key:value"
          data-testid="filter-segment"
        />
        <TextField label="From" type="date" value={search.from ?? ''} onChange={(e) => set({ from: e.target.value || undefined })} data-testid="filter-from" />
        <TextField label="To" type="date" value={search.to ?? ''} onChange={(e) => set({ to: e.target.value || undefined })} data-testid="filter-to" />
      </div>
      {chips.length > 0 && (
        <div className="vx-chips" data-testid="filter-chips">
          {chips}
          <button type="button" className={buttonClass('ghost', 'sm')} onClick={() => set(Object.fromEntries([...LIST_KEYS, ...ONE_KEYS].map((k) => [k, undefined])))}>
            Clear all
          </button>
        </div>
      )}
    </div>
  );
}
